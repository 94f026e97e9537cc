//! Decoding of `file.content` according to `file.encoding`.

use base64::Engine as _;

use crate::ExecError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContentEncoding {
    #[default]
    Utf8,
    Base64,
    Hex,
}

/// Decodes `content` of the file `name`; the error names the file and the
/// encoding so the caller knows which input to fix.
pub fn decode_content(
    name: &str,
    content: &[u8],
    encoding: ContentEncoding,
) -> Result<Vec<u8>, ExecError> {
    let fail = |why: String| {
        ExecError::internal(format!(
            "file '{name}': content is not valid {}: {why}",
            match encoding {
                ContentEncoding::Utf8 => "utf8",
                ContentEncoding::Base64 => "base64",
                ContentEncoding::Hex => "hex",
            }
        ))
    };
    match encoding {
        ContentEncoding::Utf8 => match std::str::from_utf8(content) {
            Ok(_) => Ok(content.to_vec()),
            Err(e) => Err(fail(e.to_string())),
        },
        ContentEncoding::Base64 => {
            let text: Vec<u8> = content
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace())
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(&text)
                .map_err(|e| fail(e.to_string()))
        }
        ContentEncoding::Hex => decode_hex(content).map_err(fail),
    }
}

fn decode_hex(content: &[u8]) -> Result<Vec<u8>, String> {
    let digits: Vec<u8> = content
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err(format!("odd number of hex digits ({})", digits.len()));
    }
    let value = |pos: usize| -> Result<u8, String> {
        let c = digits[pos];
        (c as char)
            .to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| format!("invalid hex digit {:?} at offset {pos}", c as char))
    };
    (0..digits.len() / 2)
        .map(|i| Ok(value(2 * i)? << 4 | value(2 * i + 1)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(
            decode_content("a", b"hi", ContentEncoding::Utf8).unwrap(),
            b"hi"
        );
        assert_eq!(
            decode_content("a", b"aGk=\n", ContentEncoding::Base64).unwrap(),
            b"hi"
        );
        assert_eq!(
            decode_content("a", b"6869", ContentEncoding::Hex).unwrap(),
            b"hi"
        );
        assert_eq!(
            decode_content("a", b"FF00", ContentEncoding::Hex).unwrap(),
            [255, 0]
        );
    }

    #[test]
    fn bad_content_names_the_file() {
        let err = decode_content("data/x.bin", b"zz", ContentEncoding::Hex).unwrap_err();
        assert!(err.to_string().contains("data/x.bin"), "{err}");
        assert!(err.to_string().contains("hex"), "{err}");
        let err = decode_content("y", b"%%%", ContentEncoding::Base64).unwrap_err();
        assert!(err.to_string().contains("'y'"), "{err}");
        let err = decode_content("z", &[0xff, 0xfe], ContentEncoding::Utf8).unwrap_err();
        assert!(err.to_string().contains("utf8"), "{err}");
        assert!(decode_content("o", b"abc", ContentEncoding::Hex).is_err());
    }
}
