//! QR codes of enrolment URIs: SVG for pages, PNG where an image file is wanted,
//! Unicode half blocks for terminals.
//!
//! Codes use error-correction level M and a four-module quiet zone, and decode
//! with standard readers (the tests check this with zbar).
//!
//! The PNG is 1-bit greyscale whose image data is stored, not compressed: a
//! deflate compressor (miniz_oxide) would add about 30 KB to the wasm module,
//! while a stored QR image 270 pixels square is under 10 KB, half the SVG.

use adler2::Adler32;
use crc::{Crc, Table, CRC_32_ISO_HDLC};
use qrcode::render::{svg, unicode};
use qrcode::{Color, EcLevel, QrCode};

use super::error::TotpError;

/// The colours a terminal rendering assumes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TerminalBackground {
    /// Light text on a dark background (most terminals): dark modules are
    /// printed as blanks and light ones as blocks.
    #[default]
    Dark,
    /// Dark text on a light background: dark modules are printed as blocks.
    Light,
}

/// An SVG image of the QR code of `text`, at least 256 pixels wide.
///
/// # Errors
///
/// `InvalidUri` when `text` is too long for a QR code.
///
/// # Example
///
/// ```
/// let svg = promptward::totp::qr_svg("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP").unwrap();
/// assert!(svg.starts_with("<?xml"));
/// ```
pub fn qr_svg(text: &str) -> Result<String, TotpError> {
    Ok(encode(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(256, 256)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// The QR code of `text` as lines of Unicode half blocks (two modules per
/// character cell vertically), for printing in a terminal.
///
/// # Errors
///
/// `InvalidUri` when `text` is too long for a QR code.
pub fn qr_terminal(text: &str, background: TerminalBackground) -> Result<String, TotpError> {
    use unicode::Dense1x2::{Dark, Light};

    let (dark, light) = match background {
        TerminalBackground::Dark => (Light, Dark),
        TerminalBackground::Light => (Dark, Light),
    };
    Ok(encode(text)?.render::<unicode::Dense1x2>().dark_color(dark).light_color(light).build())
}

/// A PNG image (1-bit greyscale) of the QR code of `text`, at least 256 pixels
/// wide, each module a square of whole pixels.
///
/// # Errors
///
/// `InvalidUri` when `text` is too long for a QR code.
///
/// # Example
///
/// ```
/// let png = promptward::totp::qr_png("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP").unwrap();
/// assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
/// ```
pub fn qr_png(text: &str) -> Result<Vec<u8>, TotpError> {
    let code = encode(text)?;
    let modules = code.width();
    let side = modules + 2 * QUIET_ZONE;
    let scale = 256usize.div_ceil(side);
    let pixels = side * scale;
    let row_bytes = pixels.div_ceil(8);
    let too_large = || TotpError::uri("text is too long for a QR code");
    let size = u32::try_from(pixels).map_err(|_| too_large())?;

    // Each row is a filter byte (0: none) and the pixels, 1 bit each, 1 for white.
    let mut image = vec![0xffu8; (1 + row_bytes) * pixels];
    for row in image.chunks_mut(1 + row_bytes) {
        if let Some(filter) = row.first_mut() {
            *filter = 0;
        }
    }
    let dark = code.to_colors().into_iter().enumerate().filter(|(_, c)| *c == Color::Dark);
    for (index, _) in dark {
        let (left, top) = (QUIET_ZONE + index % modules, QUIET_ZONE + index / modules);
        for y in top * scale..(top + 1) * scale {
            for x in left * scale..(left + 1) * scale {
                if let Some(byte) = image.get_mut(y * (1 + row_bytes) + 1 + x / 8) {
                    *byte &= !(0x80 >> (x % 8));
                }
            }
        }
    }

    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&size.to_be_bytes());
    // Bit depth 1, greyscale, deflate, adaptive filtering, no interlace.
    header.extend_from_slice(&[1, 0, 0, 0, 0]);

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png_chunk(&mut png, b"IHDR", &header);
    png_chunk(&mut png, b"IDAT", &zlib_stored(&image));
    png_chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

/// The light margin around a code, in modules, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// CRC-32 of PNG chunks, from a single 1 KB table.
const PNG_CRC: Crc<u32, Table<1>> = Crc::<u32, Table<1>>::new(&CRC_32_ISO_HDLC);

/// Appends a chunk: length, type, data, CRC-32 of type and data.
fn png_chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    // Chunks here are far below 2^31 bytes: the image is at most ~300 KB.
    let length = u32::try_from(data.len()).unwrap_or(u32::MAX);
    png.extend_from_slice(&length.to_be_bytes());
    let mut digest = PNG_CRC.digest();
    digest.update(kind);
    digest.update(data);
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    png.extend_from_slice(&digest.finalize().to_be_bytes());
}

/// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    // CMF 0x78: deflate with a 32 KB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31.
    let mut out = Vec::with_capacity(data.len() + data.len() / 0xffff * 5 + 11);
    out.extend_from_slice(&[0x78, 0x01]);
    let mut blocks = data.chunks(0xffff).peekable();
    while let Some(block) = blocks.next() {
        let last = blocks.peek().is_none();
        let length = u16::try_from(block.len()).unwrap_or(u16::MAX);
        out.push(u8::from(last));
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(block);
    }
    let mut adler = Adler32::new();
    adler.write_slice(data);
    out.extend_from_slice(&adler.checksum().to_be_bytes());
    out
}

fn encode(text: &str) -> Result<QrCode, TotpError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| TotpError::uri("text is too long for a QR code"))
}
