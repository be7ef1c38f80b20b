//! Reading a capture's bytes from disk: whole, within the size limit, and at little cost per
//! file (most captures are a few KiB, so opening one costs as much as reading it).

use crate::capture::CaptureError;
use std::path::Path;

/// The largest capture a run cleans by default (`--max-bytes`).
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// The bytes of the capture at `path`, decompressed when they are gzip or zstd (told by their
/// magic bytes, whatever the name), or why they cannot be had: unreadable, corrupt, or more
/// than `max_bytes`.
pub fn read_capture(path: &Path, max_bytes: u64) -> Result<Vec<u8>, CaptureError> {
    decompress(read_raw(path, max_bytes)?, max_bytes)
}

/// The magic bytes that open a gzip member, and a zstd frame.
const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// `bytes` decompressed (gzip: every member, as `zcat` reads them), or as they are when they are
/// not compressed. Text never opens with these bytes: they are control characters.
fn decompress(bytes: Vec<u8>, max_bytes: u64) -> Result<Vec<u8>, CaptureError> {
    use std::io::Read;
    let (compression, reader): (&'static str, Box<dyn Read + '_>) = if bytes.starts_with(GZIP_MAGIC) {
        ("gzip", Box::new(flate2::read::MultiGzDecoder::new(bytes.as_slice())))
    } else if bytes.starts_with(ZSTD_MAGIC) {
        let decoder = zstd::stream::read::Decoder::with_buffer(bytes.as_slice())
            .map_err(|e| CaptureError::Corrupt { compression: "zstd", reason: e.to_string() })?;
        ("zstd", Box::new(decoder))
    } else {
        return Ok(bytes);
    };
    let mut out = Vec::new();
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| CaptureError::Corrupt { compression, reason: e.to_string() })?;
    if out.len() as u64 > max_bytes {
        return Err(CaptureError::TooLargeDecompressed { limit: max_bytes });
    }
    Ok(out)
}

/// The bytes of the file at `path` as they are on disk, at most `max_bytes`.
fn read_raw(path: &Path, max_bytes: u64) -> Result<Vec<u8>, CaptureError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| CaptureError::Unreadable(e.to_string());
    let file = open(path).map_err(unreadable)?;
    let metadata = file.metadata().map_err(unreadable)?;
    let size = metadata.len();
    if size > max_bytes {
        return Err(CaptureError::TooLarge { size, limit: max_bytes });
    }
    if metadata.is_file() && size > 0 {
        return read_regular(file, size as usize).map_err(unreadable);
    }
    // Anything else (a pipe, a file of /proc that says it is empty) is read to its end, which
    // may come after more than it said: never read past the limit.
    let mut bytes = Vec::new();
    file.take(max_bytes + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        return Err(CaptureError::TooLarge { size: bytes.len() as u64, limit: max_bytes });
    }
    Ok(bytes)
}

/// A regular file as it was when opened: its `size` bytes, most often in one read (reading to
/// the end would take a second read, and a first one of a few KiB at most), fewer if it
/// shrank since. The bytes are read into the vector's spare capacity, which is never zeroed:
/// filling it first would cost one more pass over every capture.
#[cfg(unix)]
fn read_regular(file: std::fs::File, size: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size);
    while bytes.len() < size {
        match rustix::io::read(&file, rustix::buffer::spare_capacity(&mut bytes)) {
            Ok(0) => break,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(bytes)
}

/// [`read_regular`] where the spare capacity cannot be read into: zeroed first.
#[cfg(not(unix))]
fn read_regular(mut file: std::fs::File, size: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = vec![0; size];
    let mut filled = 0;
    while filled < size {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Opens a file to read. On Unix, through its folder, kept open by each thread: a scrape folder
/// is read a folder at a time, and the kernel then looks up the file's name alone, not every
/// folder on its path again.
///
/// A folder renamed or replaced during the run is read as it was when the thread opened it
/// (as the walk listed it, or near then); a file not found there is looked for by its path.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::{Mode, OFlags};
    use std::cell::RefCell;
    use std::os::fd::OwnedFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::PathBuf;
    thread_local! {
        static FOLDER: RefCell<Option<(PathBuf, OwnedFd)>> = const { RefCell::new(None) };
    }
    let bytes = path.as_os_str().as_bytes();
    // `a/b/c` is `c` looked up in `a/b`, whatever `a/b` is (POSIX path resolution).
    let Some(slash) = bytes.iter().rposition(|&b| b == b'/').filter(|&at| at > 0 && at + 1 < bytes.len()) else {
        return std::fs::File::open(path);
    };
    let (folder, name) = (Path::new(std::ffi::OsStr::from_bytes(&bytes[..slash])), &bytes[slash + 1..]);
    let opened = FOLDER.with_borrow_mut(|open_folder| {
        let fd = match open_folder {
            Some((open_path, fd)) if open_path.as_os_str().as_bytes() == folder.as_os_str().as_bytes() => fd,
            _ => {
                *open_folder = None;
                let fd = rustix::fs::open(folder, OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())?;
                &open_folder.insert((folder.to_path_buf(), fd)).1
            }
        };
        let opened =
            rustix::fs::openat(fd, std::ffi::OsStr::from_bytes(name), OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty());
        if opened.is_err() {
            // The folder kept open may be gone, replaced by another of the same name since.
            *open_folder = None;
        }
        opened
    });
    match opened {
        Ok(file) => Ok(std::fs::File::from(file)),
        // Whatever failed, the path says why (or opens after all, in a folder made anew).
        Err(_) => std::fs::File::open(path),
    }
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_is_read_whole_and_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text: Vec<u8> = (0..20_000u32).map(|i| b"abc \n"[i as usize % 5]).collect();
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read_capture(&path, 1 << 20).unwrap(), text);
        assert_eq!(read_capture(&path, 19_999), Err(CaptureError::TooLarge { size: 20_000, limit: 19_999 }));
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read_capture(&path, 10).unwrap(), b"");
        assert!(matches!(read_capture(&dir.path().join("gone.txt"), 10), Err(CaptureError::Unreadable(_))));
    }

    #[test]
    fn files_are_read_through_the_folder_last_opened_or_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [("a/1.txt", "one"), ("a/2.txt", "two"), ("b/1.txt", "three"), ("b/c/1.txt", "four")] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        // Back and forth between folders, a folder inside another, and the same names in each.
        for (name, text) in
            [("a/1.txt", "one"), ("a/2.txt", "two"), ("b/1.txt", "three"), ("a/1.txt", "one"), ("b/c/1.txt", "four")]
        {
            assert_eq!(read_capture(&dir.path().join(name), 100).unwrap(), text.as_bytes(), "{name}");
        }
        // A folder removed after it was opened: its files are gone, and so reported.
        std::fs::remove_dir_all(dir.path().join("b")).unwrap();
        for name in ["b/c/1.txt", "b/1.txt", "x/1.txt"] {
            let error = read_capture(&dir.path().join(name), 100).unwrap_err();
            assert!(error.to_string().contains("No such file or directory"), "{name}: {error}");
        }
        // A folder replaced by a new one of the same name: its files are read, not those of
        // the folder opened before.
        assert_eq!(read_capture(&dir.path().join("a/1.txt"), 100).unwrap(), b"one");
        std::fs::rename(dir.path().join("a"), dir.path().join("old")).unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/1.txt"), "new one").unwrap();
        std::fs::write(dir.path().join("a/3.txt"), "three").unwrap();
        assert_eq!(read_capture(&dir.path().join("a/3.txt"), 100).unwrap(), b"three");
        assert_eq!(read_capture(&dir.path().join("a/1.txt"), 100).unwrap(), b"new one");
        // A folder is no capture: reading one fails, with or without a slash at the end.
        for name in ["a", "a/"] {
            assert!(
                matches!(read_capture(&dir.path().join(name), 1 << 20), Err(CaptureError::Unreadable(_))),
                "{name}"
            );
        }
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn compressed_captures_are_read_as_what_they_hold() {
        let dir = tempfile::tempdir().unwrap();
        let text = "One line of a capture.\nAnother line.\n".repeat(50);
        let write = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            path
        };
        let gz = write("a.txt.gz", &gzip(text.as_bytes()));
        assert_eq!(read_capture(&gz, 1 << 20).unwrap(), text.as_bytes());
        // Concatenated members, as `cat a.gz b.gz` makes and WARC files hold: all of them.
        let (first, second) = text.split_at(100);
        let members = [gzip(first.as_bytes()), gzip(second.as_bytes())].concat();
        assert_eq!(read_capture(&write("m.txt.gz", &members), 1 << 20).unwrap(), text.as_bytes());
        // zstd, and by its magic bytes whatever the name.
        let zst = zstd::encode_all(text.as_bytes(), 3).unwrap();
        assert_eq!(read_capture(&write("b.txt", &zst), 1 << 20).unwrap(), text.as_bytes());
        // Truncated: a clear reason.
        let cut = &gzip(text.as_bytes())[..40];
        let error = read_capture(&write("cut.txt.gz", cut), 1 << 20).unwrap_err();
        assert!(matches!(error, CaptureError::Corrupt { compression: "gzip", .. }), "{error}");
        let error = read_capture(&write("cut.txt.zst", &zst[..zst.len() / 2]), 1 << 20).unwrap_err();
        assert!(matches!(error, CaptureError::Corrupt { compression: "zstd", .. }), "{error}");
        // The limit holds for what comes out, not only for what is on disk.
        let bomb = gzip(&vec![b'a'; 100_000]);
        assert!(bomb.len() < 1_000);
        let error = read_capture(&write("bomb.txt.gz", &bomb), 10_000).unwrap_err();
        assert_eq!(error, CaptureError::TooLargeDecompressed { limit: 10_000 });
    }
}
