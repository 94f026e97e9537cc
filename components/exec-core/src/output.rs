//! Output of one run: chunks in the order they were written (stdout and
//! stderr interleaved), plus the whole of each stream for the final result.

use std::collections::VecDeque;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub stream: Stream,
    pub bytes: Vec<u8>,
}

/// The run wrote more than its output cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputCapExceeded;

#[derive(Debug, Default)]
pub struct OutputBuffer {
    /// Chunks not yet taken by a stream consumer; consecutive writes to the
    /// same stream are merged into one chunk.
    pending: VecDeque<Chunk>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    cap: u64,
}

impl OutputBuffer {
    pub fn new(cap: u64) -> Self {
        OutputBuffer {
            cap,
            ..Default::default()
        }
    }

    /// Records `bytes`; past the cap, keeps what fits and reports the overrun.
    pub fn write(&mut self, stream: Stream, bytes: &[u8]) -> Result<(), OutputCapExceeded> {
        let used = (self.stdout.len() + self.stderr.len()) as u64;
        let room = self.cap.saturating_sub(used) as usize;
        let (kept, overrun) = if bytes.len() > room {
            (&bytes[..room], true)
        } else {
            (bytes, false)
        };
        if !kept.is_empty() {
            match stream {
                Stream::Stdout => self.stdout.extend_from_slice(kept),
                Stream::Stderr => self.stderr.extend_from_slice(kept),
            }
            match self.pending.back_mut() {
                Some(last) if last.stream == stream => last.bytes.extend_from_slice(kept),
                _ => self.pending.push_back(Chunk {
                    stream,
                    bytes: kept.to_vec(),
                }),
            }
        }
        if overrun {
            Err(OutputCapExceeded)
        } else {
            Ok(())
        }
    }

    pub fn take_pending(&mut self) -> VecDeque<Chunk> {
        std::mem::take(&mut self.pending)
    }

    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn stdout(&self) -> &[u8] {
        &self.stdout
    }

    pub fn stderr(&self) -> &[u8] {
        &self.stderr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_merges_neighbours() {
        let mut out = OutputBuffer::new(1024);
        out.write(Stream::Stdout, b"a").unwrap();
        out.write(Stream::Stdout, b"b").unwrap();
        out.write(Stream::Stderr, b"E").unwrap();
        out.write(Stream::Stdout, b"c").unwrap();
        let chunks: Vec<_> = out.take_pending().into_iter().collect();
        assert_eq!(chunks.len(), 3);
        assert_eq!(
            chunks[0],
            Chunk {
                stream: Stream::Stdout,
                bytes: b"ab".to_vec()
            }
        );
        assert_eq!(chunks[1].stream, Stream::Stderr);
        assert_eq!(out.stdout(), b"abc");
        assert!(!out.has_pending());
    }

    #[test]
    fn cap_keeps_what_fits() {
        let mut out = OutputBuffer::new(4);
        out.write(Stream::Stdout, b"abc").unwrap();
        assert_eq!(out.write(Stream::Stderr, b"def"), Err(OutputCapExceeded));
        assert_eq!(out.stderr(), b"d");
        assert_eq!(out.write(Stream::Stdout, b"x"), Err(OutputCapExceeded));
    }
}
