INSERT INTO note (text) VALUES ('welcome');
