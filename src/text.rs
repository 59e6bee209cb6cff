//! Untrusted values on their way out: shown on a terminal, or pasted into a
//! shell.
//!
//! Values from a spec, a flag or the AWS CLI's JSON can hold anything. On a
//! terminal, a control character (ESC starts an escape sequence that can
//! recolour, move the cursor or retitle the window; BEL rings) or a bidi
//! override (which reorders what follows it, so the text read is not the
//! text there) must not reach the screen raw: [`shown`] writes each one as
//! a Rust-style `\u{..}` escape. Text output escapes at display time only:
//! JSON output keeps every value exact.
//!
//! A value placed in a suggested shell command goes through [`shell_word`]:
//! as it is when it is plainly one word, else in POSIX single quotes.
//!
//! Imports nothing from eksnet.

use std::borrow::Cow;
use std::fmt::Write;

/// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
/// and the marks that also reorder text (LRM, RLM, ALM).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` must not reach a terminal raw: C0 controls, DEL, C1 controls
/// (`char::is_control`: ESC, BEL, CSI, ...) and bidi controls.
fn is_unsafe(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(keep_newlines && c == '\n')) || is_bidi_control(c)
}

/// Whether `s` holds a character [`is_unsafe`] names, seen byte by byte in
/// UTF-8 (a large report passes hundreds of megabytes through here, most of
/// it safe): C0 and DEL are single bytes, C1 controls are `C2 80`–`C2 9F`,
/// ALM is `D8 9C`, LRM and RLM `E2 80 8E`/`8F`, the embeddings and
/// overrides `E2 80 AA`–`AE`, the isolates `E2 81 A6`–`A9`.
fn has_unsafe(s: &str, keep_newlines: bool) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| match c {
        b'\n' => !keep_newlines,
        0x00..=0x1f | 0x7f => true,
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        0xd8 => b.get(i + 1) == Some(&0x9c),
        0xe2 => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8e | 0x8f | 0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
}

/// Whether `b` holds none of the bytes that start what [`has_unsafe`]
/// looks for (any C0 byte, newline too, DEL, `C2`, `D8`, or `E2` before
/// `80`/`81`): a test of each byte pair without branches, which the
/// compiler turns into vector instructions. When it says no, the exact
/// scan decides (a `\n`, or `C2 A0`, is a suspect but may be safe).
fn surely_safe(b: &[u8]) -> bool {
    fn suspect(c: u8, next: u8) -> bool {
        (c < 0x20) | (c == 0x7f) | (c == 0xc2) | (c == 0xd8) | ((c == 0xe2) & (next & 0xfe == 0x80))
    }
    let Some((&last, _)) = b.split_last() else {
        return true;
    };
    let (bytes, next) = (&b[..b.len() - 1], &b[1..]);
    bytes.chunks(64).zip(next.chunks(64)).all(|(c, n)| {
        !c.iter()
            .zip(n)
            .fold(false, |bad, (&c, &n)| bad | suspect(c, n))
    }) && !suspect(last, 0)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if surely_safe(s.as_bytes()) || !has_unsafe(s, keep_newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c, keep_newlines) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` safe to print on a terminal: every control character (newlines
/// too) and bidi control escaped as `\u{1b}`; unchanged when there is none.
pub fn shown(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Like [`shown`], but keeps line breaks: for text made of several lines
/// (a fix with one command a line, an error with its context).
pub fn shown_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// `s` as one word of a POSIX shell command: unchanged when it holds only
/// characters no shell treats specially (`A-Z a-z 0-9 @ % + = : , . / _ -`),
/// else in single quotes, where nothing is special and a `'` is written
/// `'\''`.
pub fn shell_word(s: &str) -> Cow<'_, str> {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b));
    if plain {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(format!("'{}'", s.replace('\'', r"'\''")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan finds exactly the characters `is_unsafe` names, alone
    /// and between others, over every character up to U+FFFF and beyond.
    #[test]
    fn the_byte_scan_agrees_with_the_character_rules() {
        for n in (0..=0x3000).chain(0xfff0..=0x1_0010) {
            let Some(c) = char::from_u32(n) else { continue };
            for keep in [false, true] {
                let expected = is_unsafe(c, keep);
                for s in [c.to_string(), format!("a→{c}→b")] {
                    assert_eq!(has_unsafe(&s, keep), expected, "U+{n:04X} in {s:?}");
                    // The fast test never passes what the exact one stops.
                    assert!(!(expected && surely_safe(s.as_bytes())), "U+{n:04X}");
                }
            }
        }
    }

    /// Long values take the fast test in chunks: a control character is
    /// caught wherever it sits, the last byte and chunk edges included.
    #[test]
    fn the_fast_test_sees_every_position() {
        let safe = "subnet-0abc → NAT gateway → internet ".repeat(5);
        assert!(surely_safe(safe.as_bytes()));
        for (i, _) in safe.char_indices() {
            for bad in [
                "\u{1b}", "\u{9b}", "\u{202e}", "\u{200f}", "\u{61c}", "\u{7f}",
            ] {
                let s = format!("{}{bad}{}", &safe[..i], &safe[i..]);
                assert!(!surely_safe(s.as_bytes()), "{bad:?} at {i}");
                assert_ne!(shown(&s), s);
            }
        }
    }

    #[test]
    fn controls_and_bidi_are_escaped() {
        assert!(matches!(shown("us-west-2"), Cow::Borrowed(_)));
        assert_eq!(shown("us-west-2\u{1b}[31m"), "us-west-2\\u{1b}[31m");
        assert_eq!(shown("a\u{7}b\u{7f}c\u{9b}d"), "a\\u{7}b\\u{7f}c\\u{9b}d");
        assert_eq!(shown("x\u{202e}y\u{2066}z"), "x\\u{202e}y\\u{2066}z");
        assert_eq!(shown("a\nb\tc\r"), "a\\u{a}b\\u{9}c\\u{d}");
        assert_eq!(shown_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
        assert_eq!(shown("été ✓ 10.0.0.0/16"), "été ✓ 10.0.0.0/16");
    }

    #[test]
    fn shell_words() {
        for plain in [
            "subnet-0abc",
            "10.0.0.0/16",
            "com.amazonaws.us-west-2.s3",
            "a=b,c@d%e+f:g",
        ] {
            assert_eq!(shell_word(plain), plain);
        }
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("my cluster"), "'my cluster'");
        assert_eq!(shell_word("it's $(id)"), r"'it'\''s $(id)'");
        assert_eq!(shell_word("a;touch x"), "'a;touch x'");
        assert_eq!(shell_word("`id`"), "'`id`'");
        assert_eq!(shell_word("~root"), "'~root'");
        assert_eq!(shell_word("*"), "'*'");
    }

    /// What the shell makes of a quoted word is the word itself.
    #[test]
    fn a_shell_reads_the_word_back() {
        let nasty = "it's $(echo pwned) `id` \"q\" \\ ; | & > < * ? ~ ! # \n end";
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("printf %s {}", shell_word(nasty)))
            .output()
            .expect("sh runs");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), nasty);
    }
}
