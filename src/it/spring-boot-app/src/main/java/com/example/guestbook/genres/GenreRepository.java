package com.example.guestbook.genres;

import java.util.List;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Genres change only with schema.sql, so the lists of them are cached (application.properties). */
public interface GenreRepository extends Repository<Genre, Integer> {
    @Cacheable("genres")
    List<Genre> findAllByOrderByNameAsc();

    @Cacheable("shelves")
    @Query("select new com.example.guestbook.genres.Shelf(g.name, count(b), coalesce(sum(b.copies), 0))"
            + " from Book b join b.genre g group by g.name order by g.name")
    List<Shelf> shelves();
}
