package dev.betterconvex.orm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The one analyzer of text search, used alike for the indexed text and the query: Lucene's
 * {@link StandardTokenizer} (the word boundaries of Unicode Standard Annex #29) and its
 * {@link LowerCaseFilter} (case folding); no stemming and no stop words, so every word is
 * found as written, in any case. A token longer than 255 characters is split (Lucene's
 * default). Thread-safe (Lucene reuses one token stream per thread).
 */
final class TextAnalysis {

  private static final Analyzer ANALYZER = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer tokenizer = new StandardTokenizer();
      TokenStream stream = new LowerCaseFilter(tokenizer);
      return new TokenStreamComponents(tokenizer, stream);
    }
  };

  private TextAnalysis() {
  }

  /** Returns the terms of {@code text}, in order, repeats included. */
  static List<String> terms(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = ANALYZER.tokenStream("", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    }
    catch (IOException ex) {
      throw new UncheckedIOException("Could not tokenize text", ex); // a String reader never fails
    }
    return terms;
  }
}
