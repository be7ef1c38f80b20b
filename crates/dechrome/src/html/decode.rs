//! The charset an HTML page declares in its first bytes: `<meta charset="…">` or
//! `<meta http-equiv="Content-Type" content="text/html; charset=…">`, looked for as browsers
//! do, in the first 4 KiB and before any real parsing.

use encoding_rs::Encoding;

/// How far into the page the declaration is looked for (browsers: 1024 bytes; pages with
/// long comments or scripts at the top put it later).
const PRESCAN_BYTES: usize = 4096;

/// The encoding the page declares, if any. UTF-16 declarations are read as UTF-8 (the bytes
/// could not have been parsed as ASCII-compatible otherwise), as the HTML standard says.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    let mut at = 0;
    while let Some(found) = find_ignore_case(&head[at..]) {
        let start = at + found + 5;
        let end = head[start..].iter().position(|&b| b == b'>').map_or(head.len(), |e| start + e);
        let tag = head[start..end].to_ascii_lowercase();
        if let Some(label) = charset_in(&tag) {
            if let Some(encoding) = Encoding::for_label(label) {
                return Some(if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else if encoding == encoding_rs::X_USER_DEFINED {
                    encoding_rs::WINDOWS_1252
                } else {
                    encoding
                });
            }
        }
        at = end;
    }
    None
}

fn find_ignore_case(hay: &[u8]) -> Option<usize> {
    hay.windows(5).position(|w| w.eq_ignore_ascii_case(b"<meta"))
}

/// The label after `charset=` in a lowercased meta tag's attributes.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = memchr::memmem::find(tag, b"charset")? + 7;
    let rest = &tag[at..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"=")?;
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|&b| b == b'"' || b == b'\'' || b == b';' || b.is_ascii_whitespace() || b == b'/');
    let label = &rest[..end.unwrap_or(rest.len())];
    (!label.is_empty()).then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_of_declaration() {
        assert_eq!(declared_charset(b"<head><meta charset=\"ISO-8859-2\">"), Some(encoding_rs::ISO_8859_2));
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1251\">"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(declared_charset(b"<meta charset=utf-16>"), Some(encoding_rs::UTF_8));
        assert_eq!(declared_charset(b"<meta name=x content=y><p>charset=koi8-r"), None);
        assert_eq!(declared_charset(b"<meta charset=nonsense>"), None);
    }
}
