//! Image sizes read from their headers.

/// Width and height in pixels from an image's first bytes: PNG, GIF, JPEG and BMP
/// headers. Written by hand because these four headers are a few fixed offsets, and no
/// declared dependency reads them without decoding the image.
pub(crate) fn image_size(head: &[u8]) -> Option<(u32, u32)> {
    let be16 = |i: usize| -> Option<u32> {
        Some(u32::from(u16::from_be_bytes([
            *head.get(i)?,
            *head.get(i + 1)?,
        ])))
    };
    let le16 = |i: usize| -> Option<u32> {
        Some(u32::from(u16::from_le_bytes([
            *head.get(i)?,
            *head.get(i + 1)?,
        ])))
    };
    let be32 = |i: usize| -> Option<u32> {
        Some(u32::from_be_bytes(head.get(i..i + 4)?.try_into().ok()?))
    };
    let le32 = |i: usize| -> Option<i32> {
        Some(i32::from_le_bytes(head.get(i..i + 4)?.try_into().ok()?))
    };
    if head.starts_with(b"\x89PNG\r\n\x1a\n") && head.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?));
    }
    if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        return Some((le16(6)?, le16(8)?));
    }
    if head.starts_with(b"BM") {
        return Some((le32(18)?.unsigned_abs(), le32(22)?.unsigned_abs()));
    }
    if head.starts_with(&[0xFF, 0xD8]) {
        // Walk the JPEG segments to the first start-of-frame marker.
        let mut i = 2usize;
        while i + 9 < head.len() {
            if head.get(i) != Some(&0xFF) {
                return None;
            }
            let marker = *head.get(i + 1)?;
            if marker == 0xFF {
                i += 1; // fill byte
                continue;
            }
            let is_sof = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_sof {
                return Some((be16(i + 7)?, be16(i + 5)?));
            }
            if (0xD0..=0xD9).contains(&marker) || marker == 0x01 {
                i += 2;
                continue;
            }
            i = i.checked_add(2 + be16(i + 2)? as usize)?;
        }
    }
    None
}
