package io.github.lsbaws.servlet.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The locales of Accept-Language header fields. */
public final class AcceptLanguage {
    private AcceptLanguage() {}

    /** By quality (section 12.5.4 of RFC 9110), the server's default locale when there are none. */
    public static List<Locale> locales(List<String> headers) {
        List<Map.Entry<Locale, Double>> weighted = new ArrayList<>();
        for (String header : headers) {
            for (String item : header.split(",")) {
                String[] pieces = item.strip().split(";");
                String tag = pieces[0].strip();
                if (tag.isEmpty() || tag.equals("*")) {
                    continue;
                }
                double quality = 1;
                for (int i = 1; i < pieces.length; i++) {
                    String parameter = pieces[i].strip();
                    if (parameter.startsWith("q=")) {
                        try {
                            quality = Double.parseDouble(parameter.substring(2));
                        } catch (NumberFormatException e) {
                            quality = 0;
                        }
                    }
                }
                if (quality > 0) {
                    weighted.add(Map.entry(Locale.forLanguageTag(tag), quality));
                }
            }
        }
        weighted.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        List<Locale> result = new ArrayList<>();
        for (Map.Entry<Locale, Double> entry : weighted) {
            result.add(entry.getKey());
        }
        if (result.isEmpty()) {
            result.add(Locale.getDefault());
        }
        return result;
    }
}
