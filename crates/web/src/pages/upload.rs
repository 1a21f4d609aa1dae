//! Screenshots sent with a report: only PNG and JPEG, at most [`MAX_FILES`] of at most
//! [`MAX_FILE_BYTES`] each and [`MAX_PIXELS`] pixels, decoded and re-encoded so that
//! nothing but pixels survives (EXIF with GPS position and camera serial, comments, ICC
//! profiles, and anything hidden after the image data are dropped; the EXIF orientation is
//! applied to the pixels first, so the picture still looks right).
//!
//! The store has no place for files yet, so kept screenshots go to a directory
//! (`PagesConfig::uploads_dir`): `<dir>/<source>/<report id>/<n>.png|jpg`, files mode 0600.
//! They may show personal data and are not encrypted: protect that directory like the
//! database, and delete a report's folder with its reporter data on erasure.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Most screenshots per report.
pub const MAX_FILES: usize = 3;
/// Largest screenshot file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Largest picture accepted, in pixels (a 4K screen is 8.3 M).
pub const MAX_PIXELS: u64 = 40_000_000;

/// A screenshot ready to keep: re-encoded bytes and their extension.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub bytes: Vec<u8>,
    pub ext: &'static str,
}

/// Why a screenshot was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadError {
    /// Not a PNG or JPEG image (by its content, whatever its name says).
    NotAnImage,
    /// Over [`MAX_FILE_BYTES`] or [`MAX_PIXELS`].
    TooLarge,
    /// More than [`MAX_FILES`].
    TooMany,
}

/// Decodes `data` (PNG or JPEG by content) and re-encodes it without metadata.
pub fn clean(data: &[u8]) -> Result<Cleaned, UploadError> {
    if data.len() > MAX_FILE_BYTES {
        return Err(UploadError::TooLarge);
    }
    let format = match data {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => ImageFormat::Png,
        [0xff, 0xd8, 0xff, ..] => ImageFormat::Jpeg,
        _ => return Err(UploadError::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| UploadError::NotAnImage)?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(UploadError::TooLarge);
    }
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => UploadError::TooLarge,
        _ => UploadError::NotAnImage,
    })?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let mut out = Cursor::new(Vec::new());
    let ext = match format {
        ImageFormat::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
            rgb.write_with_encoder(enc)
                .map_err(|_| UploadError::NotAnImage)?;
            "jpg"
        }
        _ => {
            img.write_to(&mut out, ImageFormat::Png)
                .map_err(|_| UploadError::NotAnImage)?;
            "png"
        }
    };
    Ok(Cleaned {
        bytes: out.into_inner(),
        ext,
    })
}

/// The folder of one report's screenshots: `<dir>/<source>/<id>`, with both names made
/// safe for a path (anything but ASCII letters, digits, `-`, `_` and `.` becomes `_`).
pub fn report_dir(dir: &Path, source: &str, id: &str) -> PathBuf {
    let safe = |s: &str| -> String {
        let t: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if t.is_empty() || t.chars().all(|c| c == '.') {
            "_".into()
        } else {
            t
        }
    };
    dir.join(safe(source)).join(safe(id))
}

/// Writes `files` as `<n>.<ext>` under `report_dir`; returns the paths written.
/// Erasure: removes a report's screenshots (they may show the victim); a report without
/// any is fine.
pub fn erase(dir: &Path, source: &str, id: &str) -> std::io::Result<()> {
    match std::fs::remove_dir_all(report_dir(dir, source, id)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

pub fn save(dir: &Path, files: &[Cleaned]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let path = dir.join(format!("{}.{}", i + 1, f.ext));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut file = opts.open(&path)?;
        std::io::Write::write_all(&mut file, &f.bytes)?;
        file.sync_all()?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img =
            DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, image::Rgb([9, 99, 199])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn accepts_images_and_refuses_the_rest() {
        let good = png(4, 3);
        // A text chunk ("tEXt") carrying a secret, inserted before IEND.
        let mut with_text = good.clone();
        let iend = with_text.len() - 12;
        let chunk_data = b"Comment\0GPS 48.85,2.35";
        let mut chunk = (chunk_data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(b"tEXt");
        chunk.extend_from_slice(chunk_data);
        chunk.extend_from_slice(&[0, 0, 0, 0]); // bad CRC: decoders skip or fail; either is fine
        with_text.splice(iend..iend, chunk);
        let cleaned = clean(&good).unwrap();
        assert_eq!(cleaned.ext, "png");
        let back = image::load_from_memory(&cleaned.bytes).unwrap();
        assert_eq!((back.width(), back.height()), (4, 3));
        if let Ok(c) = clean(&with_text) {
            assert!(
                !c.bytes.windows(3).any(|w| w == b"GPS"),
                "metadata survived"
            );
        }
        let cases: [(&[u8], UploadError); 4] = [
            (b"GIF89a....", UploadError::NotAnImage),
            (
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                UploadError::NotAnImage,
            ),
            (
                &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0],
                UploadError::NotAnImage,
            ),
            (&[0xff, 0xd8, 0xff, 0xe0, 1, 2, 3], UploadError::NotAnImage),
        ];
        for (data, want) in cases {
            assert_eq!(clean(data).unwrap_err(), want);
        }
        assert_eq!(
            clean(&vec![0u8; MAX_FILE_BYTES + 1]).unwrap_err(),
            UploadError::TooLarge
        );
    }

    #[test]
    fn report_dirs_cannot_escape() {
        let d = Path::new("/up");
        assert_eq!(
            report_dir(d, "web-form", "DN-ABC"),
            Path::new("/up/web-form/DN-ABC")
        );
        assert_eq!(
            report_dir(d, "..", "../../etc"),
            Path::new("/up/_/.._.._etc")
        );
        assert_eq!(report_dir(d, "a/b", ""), Path::new("/up/a_b/_"));
    }
}
