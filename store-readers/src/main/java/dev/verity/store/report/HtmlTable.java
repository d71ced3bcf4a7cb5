package dev.verity.store.report;

/** An HTML table of text and number cells: values from the store are escaped, numbers right-aligned. */
final class HtmlTable {
    private final StringBuilder html = new StringBuilder("<table><tr>");

    /** A cell's content as HTML, and whether it is a number. */
    record Cell(String html, boolean number) {
        static Cell text(String text) {
            return new Cell(Html.escape(text), false);
        }

        static Cell num(String formatted) {
            return new Cell(Html.escape(formatted), true);
        }

        /** Content that is markup already (Verity's own, never the store's text). */
        static Cell markup(String html) {
            return new Cell(html, false);
        }
    }

    HtmlTable(String... headers) {
        for (String header : headers) {
            html.append("<th>").append(Html.escape(header)).append("</th>");
        }
        html.append("</tr>");
    }

    HtmlTable row(Cell... cells) {
        return row(null, cells);
    }

    /** A row with a class (its style: a verdict's colour). */
    HtmlTable row(String cssClass, Cell... cells) {
        html.append(cssClass == null ? "<tr>" : "<tr class=\"" + cssClass + "\">");
        for (Cell cell : cells) {
            html.append(cell.number() ? "<td class=\"num\">" : "<td>")
                    .append(cell.html())
                    .append("</td>");
        }
        html.append("</tr>");
        return this;
    }

    @Override
    public String toString() {
        return html + "</table>";
    }
}
