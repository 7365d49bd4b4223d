package io.storagedrivers.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads OpenNebula's configuration template language as oned.conf uses it:
 * {@code NAME = value} and {@code NAME = [ KEY = value, ... ]} (vectors may span lines), values
 * either double-quoted (with backslash escapes, may span lines) or bare words, {@code #} comments
 * to the end of a line. Records offsets only; never rewrites anything.
 */
final class OnedConfParser {

    /** Bad syntax; the message names the line. */
    public static final class ParseException extends IllegalArgumentException {
        ParseException(String msg) {
            super(msg);
        }
    }

    private enum Kind { WORD, STRING, EQUALS, OPEN, CLOSE, COMMA, EOF }

    private record Token(Kind kind, int start, int end) {
    }

    private final String text;
    private int pos;
    private Token peeked;

    OnedConfParser(String text) {
        this.text = text;
    }

    OnedConf parse() {
        List<OnedConf.Attribute> attrs = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            attrs.add(attribute());
        }
        return new OnedConf(text, attrs);
    }

    private OnedConf.Attribute attribute() {
        Token name = expect(Kind.WORD, "an attribute name");
        expect(Kind.EQUALS, "'=' after " + word(name));
        Token t = next();
        if (t.kind() == Kind.OPEN) {
            List<OnedConf.Pair> pairs = new ArrayList<>();
            while (peek().kind() != Kind.CLOSE) {
                Token key = expect(Kind.WORD, "a key or ']' in " + word(name));
                expect(Kind.EQUALS, "'=' after " + word(key));
                pairs.add(new OnedConf.Pair(word(key), value(next(), word(key))));
                if (peek().kind() == Kind.COMMA) {
                    next();
                } else if (peek().kind() != Kind.CLOSE) {
                    throw error(peek(), "expected ',' or ']' in " + word(name));
                }
            }
            Token close = next();
            return new OnedConf.Attribute(word(name), name.start(), close.end(), null, pairs);
        }
        OnedConf.Value v = value(t, word(name));
        return new OnedConf.Attribute(word(name), name.start(), t.end(), v, null);
    }

    private OnedConf.Value value(Token t, String of) {
        if (t.kind() == Kind.STRING) {
            return new OnedConf.Value(text.substring(t.start() + 1, t.end() - 1), t.start() + 1, t.end() - 1, true);
        }
        if (t.kind() == Kind.WORD) {
            return new OnedConf.Value(word(t), t.start(), t.end(), false);
        }
        throw error(t, "expected a value for " + of);
    }

    private String word(Token t) {
        return text.substring(t.start(), t.end());
    }

    private Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected " + what);
        }
        return t;
    }

    private ParseException error(Token t, String msg) {
        String found = t.kind() == Kind.EOF ? "end of file" : "'" + abbreviate(word(t)) + "'";
        return new ParseException("oned.conf line " + line(t.start()) + ": " + msg + ", found " + found);
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 40 ? one.substring(0, 40) + "..." : one;
    }

    private int line(int offset) {
        int n = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private Token peek() {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    private Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private Token lex() {
        skipBlanksAndComments();
        if (pos >= text.length()) {
            return new Token(Kind.EOF, pos, pos);
        }
        int start = pos;
        char c = text.charAt(pos);
        switch (c) {
            case '=': pos++; return new Token(Kind.EQUALS, start, pos);
            case '[': pos++; return new Token(Kind.OPEN, start, pos);
            case ']': pos++; return new Token(Kind.CLOSE, start, pos);
            case ',': pos++; return new Token(Kind.COMMA, start, pos);
            case '"': return string(start);
            default: return word(start);
        }
    }

    private Token string(int start) {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                pos++;
            } else if (c == '"') {
                return new Token(Kind.STRING, start, pos);
            }
        }
        throw new ParseException("oned.conf line " + line(start) + ": unterminated string");
    }

    private Token word(int start) {
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            pos++;
        }
        return new Token(Kind.WORD, start, pos);
    }

    private static boolean isDelimiter(char c) {
        return Character.isWhitespace(c) || c == '=' || c == '[' || c == ']' || c == ',' || c == '"' || c == '#';
    }

    private void skipBlanksAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }
}
