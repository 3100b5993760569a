package dev.betterconvex.orm.filter;

import java.util.regex.Pattern;

/** The string matching behind {@link Filter.Text}. */
final class TextMatching {

  private TextMatching() {
  }

  static boolean matches(Filter.TextMatch match, String text, String value) {
    switch (match) {
      case STARTS_WITH:
        return value.startsWith(text);
      case ENDS_WITH:
        return value.endsWith(text);
      case CONTAINS:
        return value.contains(text);
      case LIKE:
        return likePattern(text, false).matcher(value).matches();
      default:
        return likePattern(text, true).matcher(value).matches();
    }
  }

  /** Translates a SQL LIKE pattern ({@code %}, {@code _}, {@code \} escapes) to a regex. */
  static Pattern likePattern(String like, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < like.length(); ) {
      int cp = like.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\' && i < like.length()) {
        int next = like.codePointAt(i);
        i += Character.charCount(next);
        regex.append(Pattern.quote(new String(Character.toChars(next))));
      }
      else if (cp == '%') {
        regex.append(".*");
      }
      else if (cp == '_') {
        regex.append('.');
      }
      else {
        regex.append(Pattern.quote(new String(Character.toChars(cp))));
      }
    }
    int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
    return Pattern.compile(regex.toString(), flags);
  }
}
