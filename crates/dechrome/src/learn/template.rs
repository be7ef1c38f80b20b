//! Site templates as the counts they are learned from, saved to a file: learned on parts of a
//! corpus (other machines, other days) and merged, they clean exactly as one learned on the
//! whole, since counts add up.
//!
//! The file: the magic `DCTPL`, a format version byte, then per site (sorted) its name, its
//! captures and its line counts (sorted by hash), all little-endian and length-prefixed.

use super::{Counts, SiteCounts};
use crate::error::{Error, TemplateError};
use std::fmt;
use std::path::Path;

const MAGIC: &[u8] = b"DCTPL";
/// Bumped when the layout, or how lines are hashed, changes: an older file is refused.
const VERSION: u8 = 1;

/// The counts a site template is learned from, for any number of sites.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Template {
    pub(crate) counts: Counts,
}

impl Template {
    /// Adds `other`'s counts: merged templates clean as one learned from both corpora.
    pub fn merge(&mut self, other: Template) {
        self.counts.merge(other.counts);
    }

    /// Sites counted.
    pub fn sites(&self) -> usize {
        self.counts.sites.len()
    }

    /// Captures counted of one site.
    pub(crate) fn captures_of(&self, site: &str) -> usize {
        self.counts.sites.get(site).map_or(0, |counts| counts.captures)
    }

    /// Captures counted, over all sites.
    pub fn captures(&self) -> usize {
        self.counts.sites.values().map(|site| site.captures).sum()
    }

    /// The template as bytes, the same for the same counts.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.push(VERSION);
        put_u64(&mut out, self.counts.sites.len());
        for (site, counts) in &self.counts.sites {
            put_u64(&mut out, site.len());
            out.extend_from_slice(site.as_bytes());
            put_u64(&mut out, counts.captures);
            let mut lines: Vec<(u64, u32)> = counts.lines.iter().map(|(&h, &n)| (h, n)).collect();
            lines.sort_unstable();
            put_u64(&mut out, lines.len());
            for (hash, n) in lines {
                out.extend_from_slice(&hash.to_le_bytes());
                out.extend_from_slice(&n.to_le_bytes());
            }
        }
        out
    }

    /// Reads what [`Template::to_bytes`] wrote.
    ///
    /// # Errors
    ///
    /// [`TemplateError`] for bytes that are not a whole template of this format's version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Template, TemplateError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(MAGIC.len())? != MAGIC {
            return Err(TemplateError("it does not open with DCTPL".into()));
        }
        let version = reader.take(1)?[0];
        if version != VERSION {
            return Err(TemplateError(format!("format version {version}, where {VERSION} is read")));
        }
        let mut counts = Counts::default();
        for _ in 0..reader.u64()? {
            let length = reader.len()?;
            let site = std::str::from_utf8(reader.take(length)?)
                .map_err(|_| TemplateError("a site name is not UTF-8".into()))?
                .to_string();
            let mut site_counts = SiteCounts { captures: reader.len()?, ..SiteCounts::default() };
            for _ in 0..reader.u64()? {
                let hash = reader.u64()?;
                let n = u32::from_le_bytes(reader.array()?);
                site_counts.lines.insert(hash, n);
            }
            counts.sites.insert(site, site_counts);
        }
        if reader.at != bytes.len() {
            return Err(TemplateError("bytes after its end".into()));
        }
        Ok(Template { counts })
    }
}

impl Template {
    /// Reads a template file.
    ///
    /// # Errors
    ///
    /// [`Error::Input`] when it cannot be read, [`Error::Template`] when it is not a template.
    pub fn load(path: &Path) -> Result<Template, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::input(path, e))?;
        Template::from_bytes(&bytes).map_err(|source| Error::Template { path: path.to_path_buf(), source })
    }

    /// Writes the template to `path`, atomically.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when it cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        crate::write::write_atomic(path, &self.to_bytes()).map_err(|e| Error::io(path, e))
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} captures of {} sites", self.captures(), self.sites())
    }
}

fn put_u64(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

/// Reads a template's bytes in order, refusing to read past their end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TemplateError> {
        let end = self.at.checked_add(n).filter(|&end| end <= self.bytes.len());
        let end = end.ok_or_else(|| TemplateError(format!("cut short at byte {}", self.bytes.len())))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], TemplateError> {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn u64(&mut self) -> Result<u64, TemplateError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// A length or count, which must fit in memory.
    fn len(&mut self) -> Result<usize, TemplateError> {
        usize::try_from(self.u64()?).map_err(|_| TemplateError("a length beyond this machine".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(pages: &[(&str, &str)]) -> Template {
        let mut counts = Counts::default();
        for (site, text) in pages {
            counts.add_text(site, text);
        }
        Template { counts }
    }

    const PAGES: &[(&str, &str)] = &[
        ("a.org", "Menu\nStory one.\nFooter"),
        ("a.org", "Menu\nStory two.\nFooter"),
        ("b.net", "Nav\nOther story."),
        ("a.org", "Menu\nStory three.\nFooter"),
        ("b.net", "Nav\nAnd another."),
    ];

    #[test]
    fn halves_merged_are_the_whole() {
        let mut halves = counted(&PAGES[..2]);
        halves.merge(counted(&PAGES[2..]));
        let whole = counted(PAGES);
        assert_eq!(halves, whole);
        assert_eq!(halves.to_bytes(), whole.to_bytes());
        assert_eq!((whole.sites(), whole.captures()), (2, 5));
    }

    #[test]
    fn bytes_read_back_and_anything_else_is_refused() {
        let template = counted(PAGES);
        let bytes = template.to_bytes();
        assert_eq!(Template::from_bytes(&bytes).unwrap(), template);
        assert_eq!(Template::from_bytes(&Template::default().to_bytes()).unwrap(), Template::default());
        for cut in 0..bytes.len() {
            assert!(Template::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut newer = bytes.clone();
        newer[MAGIC.len()] = VERSION + 1;
        assert!(Template::from_bytes(&newer).unwrap_err().to_string().contains("format version 2"));
        assert!(Template::from_bytes(&[bytes.as_slice(), b"x"].concat()).is_err());
        // A count far beyond the bytes is refused, not allocated.
        let mut huge = MAGIC.to_vec();
        huge.push(VERSION);
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(Template::from_bytes(&huge).is_err());
    }
}
