//! A streaming ZIP writer with no I/O and no Seek: stored entries, UTF-8 names, CRC-32 as bytes pass, data descriptors, Zip64.
//!
//! The caller sends `start_entry`'s bytes, then each chunk of the entry (after passing it to
//! `write`), then `finish_entry`'s bytes, and at the end `finish`'s bytes. Memory stays constant
//! per entry (one central-directory record each), whatever the sizes.

use super::crc32;
use time::OffsetDateTime;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const DATA_DESCRIPTOR: u32 = 0x0807_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const ZIP64_END: u32 = 0x0606_4b50;
const ZIP64_LOCATOR: u32 = 0x0706_4b50;
const END: u32 = 0x0605_4b50;
const ZIP64_EXTRA: u16 = 0x0001;
/// Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8.
const FLAGS: u16 = (1 << 3) | (1 << 11);
/// "Version made by": Unix, spec 4.5 (Zip64).
const MADE_BY: u16 = (3 << 8) | 45;
/// `-rw-r--r--` regular file, in the Unix half of the external attributes.
const FILE_MODE: u32 = 0o100_644 << 16;

/// Why a ZIP could not be written as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZipError {
    #[error("an entry is already open")]
    EntryOpen,
    #[error("no entry is open")]
    NoEntry,
    #[error("entry {0} grew past 4 GiB although it was announced smaller")]
    UnannouncedZip64(String),
    /// A ZIP name holds at most 65,535 bytes (the planner's paths are far shorter).
    #[error("a name of {0} bytes is too long for a ZIP entry")]
    NameTooLong(usize),
}

struct Open {
    name: String,
    zip64: bool,
    header_offset: u64,
    dos_time: u16,
    dos_date: u16,
    crc: crc32::Digest,
    size: u64,
}

struct Written {
    name: String,
    header_offset: u64,
    dos_time: u16,
    dos_date: u16,
    crc: u32,
    size: u64,
}

/// The writer's state: where the stream is, and what the central directory will list.
#[derive(Default)]
pub struct ZipStream {
    offset: u64,
    open: Option<Open>,
    entries: Vec<Written>,
}

impl ZipStream {
    pub fn new() -> Self {
        ZipStream::default()
    }

    /// Bytes produced so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Begins an entry; returns its local header. `size_hint` (the object's listed size) decides
    /// whether the entry is written in the Zip64 form (4 GiB and more).
    pub fn start_entry(
        &mut self,
        name: &str,
        modified: Option<OffsetDateTime>,
        size_hint: u64,
    ) -> Result<Vec<u8>, ZipError> {
        if self.open.is_some() {
            return Err(ZipError::EntryOpen);
        }
        let name_length =
            u16::try_from(name.len()).map_err(|_| ZipError::NameTooLong(name.len()))?;
        let zip64 = size_hint >= u32::MAX as u64;
        let (dos_time, dos_date) = dos_date_time(modified);
        let mut out = Vec::with_capacity(30 + name.len() + 20);
        put32(&mut out, LOCAL_HEADER);
        put16(&mut out, if zip64 { 45 } else { 20 });
        put16(&mut out, FLAGS);
        put16(&mut out, 0); // stored
        put16(&mut out, dos_time);
        put16(&mut out, dos_date);
        put32(&mut out, 0); // CRC, in the data descriptor
        let placeholder = if zip64 { u32::MAX } else { 0 };
        put32(&mut out, placeholder);
        put32(&mut out, placeholder);
        put16(&mut out, name_length);
        put16(&mut out, if zip64 { 20 } else { 0 });
        out.extend_from_slice(name.as_bytes());
        if zip64 {
            put16(&mut out, ZIP64_EXTRA);
            put16(&mut out, 16);
            put64(&mut out, 0);
            put64(&mut out, 0);
        }
        self.open = Some(Open {
            name: name.to_owned(),
            zip64,
            header_offset: self.offset,
            dos_time,
            dos_date,
            crc: crc32::crc32(),
            size: 0,
        });
        self.offset += out.len() as u64;
        Ok(out)
    }

    /// Takes in one chunk of the open entry's bytes (the caller writes the chunk itself).
    pub fn write(&mut self, chunk: &[u8]) -> Result<(), ZipError> {
        let open = self.open.as_mut().ok_or(ZipError::NoEntry)?;
        open.crc.update(chunk);
        open.size += chunk.len() as u64;
        self.offset += chunk.len() as u64;
        Ok(())
    }

    /// Ends the open entry; returns its data descriptor (CRC-32 and sizes).
    pub fn finish_entry(&mut self) -> Result<Vec<u8>, ZipError> {
        let open = self.open.take().ok_or(ZipError::NoEntry)?;
        if !open.zip64 && open.size >= u32::MAX as u64 {
            return Err(ZipError::UnannouncedZip64(open.name));
        }
        let crc = open.crc.finalize();
        let mut out = Vec::with_capacity(24);
        put32(&mut out, DATA_DESCRIPTOR);
        put32(&mut out, crc);
        if open.zip64 {
            put64(&mut out, open.size);
            put64(&mut out, open.size);
        } else {
            put32(&mut out, open.size as u32);
            put32(&mut out, open.size as u32);
        }
        self.offset += out.len() as u64;
        self.entries.push(Written {
            name: open.name,
            header_offset: open.header_offset,
            dos_time: open.dos_time,
            dos_date: open.dos_date,
            crc,
            size: open.size,
        });
        Ok(out)
    }

    /// Ends the archive; returns the central directory and the end records (Zip64 when needed).
    pub fn finish(mut self) -> Result<Vec<u8>, ZipError> {
        if self.open.is_some() {
            return Err(ZipError::EntryOpen);
        }
        let mut out = Vec::new();
        let directory_start = self.offset;
        for entry in &self.entries {
            central_record(&mut out, entry);
        }
        let directory_size = out.len() as u64;
        self.offset += directory_size;
        let count = self.entries.len() as u64;
        let needs_zip64 = count >= 0xFFFF
            || directory_start >= u32::MAX as u64
            || directory_size >= u32::MAX as u64;
        if needs_zip64 {
            let zip64_end = self.offset;
            put32(&mut out, ZIP64_END);
            put64(&mut out, 44);
            put16(&mut out, MADE_BY);
            put16(&mut out, 45);
            put32(&mut out, 0);
            put32(&mut out, 0);
            put64(&mut out, count);
            put64(&mut out, count);
            put64(&mut out, directory_size);
            put64(&mut out, directory_start);
            put32(&mut out, ZIP64_LOCATOR);
            put32(&mut out, 0);
            put64(&mut out, zip64_end);
            put32(&mut out, 1);
        }
        put32(&mut out, END);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, count.min(0xFFFF) as u16);
        put16(&mut out, count.min(0xFFFF) as u16);
        put32(&mut out, directory_size.min(u32::MAX as u64) as u32);
        put32(&mut out, directory_start.min(u32::MAX as u64) as u32);
        put16(&mut out, 0);
        Ok(out)
    }
}

fn central_record(out: &mut Vec<u8>, entry: &Written) {
    let big_size = entry.size >= u32::MAX as u64;
    let big_offset = entry.header_offset >= u32::MAX as u64;
    let mut extra = Vec::new();
    if big_size || big_offset {
        let mut fields = Vec::new();
        if big_size {
            put64(&mut fields, entry.size);
            put64(&mut fields, entry.size);
        }
        if big_offset {
            put64(&mut fields, entry.header_offset);
        }
        put16(&mut extra, ZIP64_EXTRA);
        put16(&mut extra, fields.len() as u16);
        extra.extend_from_slice(&fields);
    }
    let small = |v: u64, big: bool| if big { u32::MAX } else { v as u32 };
    put32(out, CENTRAL_HEADER);
    put16(out, MADE_BY);
    put16(out, if extra.is_empty() { 20 } else { 45 });
    put16(out, FLAGS);
    put16(out, 0);
    put16(out, entry.dos_time);
    put16(out, entry.dos_date);
    put32(out, entry.crc);
    put32(out, small(entry.size, big_size));
    put32(out, small(entry.size, big_size));
    // Checked when the entry began.
    put16(out, entry.name.len() as u16);
    put16(out, extra.len() as u16);
    put16(out, 0); // comment
    put16(out, 0); // disk
    put16(out, 0); // internal attributes
    put32(out, FILE_MODE);
    put32(out, small(entry.header_offset, big_offset));
    out.extend_from_slice(entry.name.as_bytes());
    out.extend_from_slice(&extra);
}

/// MS-DOS time and date (2-second steps, 1980–2107); UTC, as the ZIP has no time zone.
fn dos_date_time(at: Option<OffsetDateTime>) -> (u16, u16) {
    let Some(at) = at.map(|t| t.to_offset(time::UtcOffset::UTC)) else {
        return (0, (1 << 5) | 1); // 1980-01-01 00:00
    };
    let year = at.year().clamp(1980, 2107);
    let time = ((at.hour() as u16) << 11) | ((at.minute() as u16) << 5) | (at.second() as u16 / 2);
    let date =
        (((year - 1980) as u16) << 9) | ((u8::from(at.month()) as u16) << 5) | at.day() as u16;
    (time, date)
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn archive(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = ZipStream::new();
        let mut out = Vec::new();
        for (name, data) in entries {
            out.extend(
                zip.start_entry(
                    name,
                    Some(datetime!(2026-11-28 12:34:56 UTC)),
                    data.len() as u64,
                )
                .unwrap(),
            );
            for chunk in data.chunks(3) {
                zip.write(chunk).unwrap();
                out.extend_from_slice(chunk);
            }
            out.extend(zip.finish_entry().unwrap());
        }
        assert_eq!(zip.offset(), out.len() as u64);
        out.extend(zip.finish().unwrap());
        out
    }

    #[test]
    fn layout_of_a_one_entry_archive() {
        let bytes = archive(&[("a.txt", b"hello")]);
        assert_eq!(&bytes[0..4], &LOCAL_HEADER.to_le_bytes());
        assert_eq!(u16::from_le_bytes([bytes[6], bytes[7]]), FLAGS);
        let descriptor = 30 + 5 + 5;
        assert_eq!(
            &bytes[descriptor..descriptor + 4],
            &DATA_DESCRIPTOR.to_le_bytes()
        );
        assert_eq!(
            &bytes[descriptor + 4..descriptor + 8],
            &0x3610_A686u32.to_le_bytes()
        );
        assert_eq!(
            &bytes[bytes.len() - 22..bytes.len() - 18],
            &END.to_le_bytes()
        );
    }

    #[test]
    fn dos_times() {
        assert_eq!(
            dos_date_time(Some(datetime!(2026-11-28 12:34:56 UTC))),
            ((12 << 11) | (34 << 5) | 28, (46 << 9) | (11 << 5) | 28)
        );
        assert_eq!(
            dos_date_time(Some(datetime!(1970-01-01 0:00 UTC))).1 >> 9,
            0
        );
        assert_eq!(dos_date_time(None), (0, 33));
    }

    #[test]
    fn misuse_is_an_error_not_a_panic() {
        let mut zip = ZipStream::new();
        assert_eq!(zip.write(b"x"), Err(ZipError::NoEntry));
        assert_eq!(zip.finish_entry(), Err(ZipError::NoEntry));
        zip.start_entry("a", None, 0).unwrap();
        assert_eq!(zip.start_entry("b", None, 0), Err(ZipError::EntryOpen));
        assert_eq!(zip.finish(), Err(ZipError::EntryOpen));
    }

    #[test]
    fn a_name_too_long_for_the_format_is_refused_not_cut() {
        let mut zip = ZipStream::new();
        let long = "k".repeat(70_000);
        assert_eq!(
            zip.start_entry(&long, None, 0),
            Err(ZipError::NameTooLong(70_000))
        );
        assert!(zip.start_entry(&"k".repeat(65_535), None, 0).is_ok());
    }
}
