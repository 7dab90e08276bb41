//! QR codes of enrolment URIs: SVG for pages, Unicode half blocks for terminals.
//!
//! Codes use error-correction level M and a four-module quiet zone, and decode
//! with standard readers (the tests check this with zbar).

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

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

fn encode(text: &str) -> Result<QrCode, TotpError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| TotpError::uri("text is too long for a QR code"))
}
