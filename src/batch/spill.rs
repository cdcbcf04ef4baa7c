//! A spill file that turns data arriving date by date into data laid out by key (a city, a
//! station): bytes are appended per key in memory, and when the buffers pass a limit they go
//! to an unnamed temporary file as one segment per key. Reading a key back gives its bytes
//! in the order they were pushed.
//!
//! This is what keeps `batch` flat in memory over any number of years: the daily tables are
//! written city by city, the hindcast is classified city by city, but the hours and days
//! arrive for every city at once. Holding a decade of them (about 80 MB a national year)
//! would grow without bound; a few MB of buffers and a file do not.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// Buffered bytes over which a spill writes its buffers out: a few MB, so that writes are
/// large and segments few (about 3 per key and national year) while memory stays small.
pub const LIMIT: usize = 8 << 20;

/// Bytes per key, buffered and spilled.
pub struct Spill {
    file: File,
    /// Bytes written to the file so far.
    written: u64,
    /// Per key: bytes not yet written.
    buffers: Vec<Vec<u8>>,
    /// Their total length.
    buffered: usize,
    limit: usize,
    /// Per key: its segments in the file, (offset, length), in push order.
    segments: Vec<Vec<(u64, usize)>>,
}

impl Spill {
    /// A spill into an unnamed temporary file in `dir` (the system's temporary folder if
    /// `None`): it disappears with the process, even one that is killed.
    pub fn new(dir: Option<&Path>, limit: usize) -> io::Result<Spill> {
        let file = match dir {
            Some(d) => tempfile::tempfile_in(d)?,
            None => tempfile::tempfile()?,
        };
        Ok(Spill {
            file,
            written: 0,
            buffers: Vec::new(),
            buffered: 0,
            limit,
            segments: Vec::new(),
        })
    }

    /// Appends to `key`'s bytes what `f` writes into its buffer.
    pub fn push_with<E: From<io::Error>>(
        &mut self,
        key: usize,
        f: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.buffers.len() <= key {
            self.buffers.resize_with(key + 1, Vec::new);
            self.segments.resize_with(key + 1, Vec::new);
        }
        let buf = &mut self.buffers[key];
        let before = buf.len();
        f(buf)?;
        self.buffered += buf.len() - before;
        if self.buffered > self.limit {
            self.flush()?;
        }
        Ok(())
    }

    /// Appends bytes to `key`.
    pub fn push(&mut self, key: usize, bytes: &[u8]) -> io::Result<()> {
        self.push_with(key, |b| {
            b.extend_from_slice(bytes);
            Ok::<(), io::Error>(())
        })
    }

    /// Writes every key's buffered bytes to the file, one segment each.
    fn flush(&mut self) -> io::Result<()> {
        let mut w = io::BufWriter::with_capacity(1 << 20, &mut self.file);
        for (buf, segs) in self.buffers.iter_mut().zip(&mut self.segments) {
            if buf.is_empty() {
                continue;
            }
            w.write_all(buf)?;
            segs.push((self.written, buf.len()));
            self.written += buf.len() as u64;
            buf.clear();
        }
        w.flush()?;
        self.buffered = 0;
        Ok(())
    }

    /// Ends the pushing: what is buffered goes to the file, the buffers are freed.
    pub fn finish(mut self) -> io::Result<Spilled> {
        self.flush()?;
        Ok(Spilled {
            file: Mutex::new(self.file),
            segments: self.segments,
        })
    }
}

/// A finished spill, read key by key (from any thread).
pub struct Spilled {
    file: Mutex<File>,
    segments: Vec<Vec<(u64, usize)>>,
}

impl Spilled {
    /// Every byte pushed to `key`, in order, appended to `out`.
    pub fn read(&self, key: usize, out: &mut Vec<u8>) -> io::Result<()> {
        let Some(segs) = self.segments.get(key) else {
            return Ok(());
        };
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        for &(offset, len) in segs {
            file.seek(SeekFrom::Start(offset))?;
            let start = out.len();
            out.resize(start + len, 0);
            file.read_exact(&mut out[start..])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_back_in_push_order_across_spills() {
        // A tiny limit: nearly every push spills, so keys span many segments.
        let mut s = Spill::new(None, 5).unwrap();
        let mut expect = vec![Vec::new(); 3];
        for i in 0..50u8 {
            let key = usize::from(i % 3);
            let bytes = [i, i.wrapping_mul(7)];
            s.push(key, &bytes).unwrap();
            expect[key].extend_from_slice(&bytes);
        }
        s.push(5, b"late").unwrap();
        let r = s.finish().unwrap();
        for (key, e) in expect.iter().enumerate() {
            let mut got = Vec::new();
            r.read(key, &mut got).unwrap();
            assert_eq!(&got, e);
        }
        let mut got = Vec::new();
        r.read(4, &mut got).unwrap();
        r.read(9, &mut got).unwrap();
        assert!(got.is_empty());
        r.read(5, &mut got).unwrap();
        assert_eq!(got, b"late");
    }
}
