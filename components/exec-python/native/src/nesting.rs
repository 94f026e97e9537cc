//! Bounds on source shape, checked before CPython parses it, for the two
//! shapes whose recursion in CPython's parser and AST preprocessing uses a
//! wasm frame per level but almost no shadow stack, so that they would
//! exhaust the wasm stack before CPython's depth checks fire (see `stack`):
//! - brackets nested deeper than `MAX_DEPTH` (the tokenizer's own limit is
//!   200; about twenty grammar rules recurse per bracket), refused with the
//!   SyntaxError CPython gives at its limit;
//! - left-associative chains (`1+1+...`, `a.b.c...`, `f()()...`) longer than
//!   `MAX_CHAIN` operators, which the parser builds without recursion but
//!   whose tree every later pass walks recursively.

pub const MAX_DEPTH: usize = 100;
pub const MAX_CHAIN: usize = 250;

pub enum TooComplex {
    Nesting(usize),
    Chain(usize),
}

/// Where source first exceeds a bound, if it does. Brackets and operators
/// inside plain string literals and comments do not count; inside f- and
/// t-strings they do (their replacement fields are code), which can only
/// over-count. Operators are counted per comma-, colon- or line-separated
/// segment at each bracket depth, which over-counts a chain only.
pub fn check(source: &[u8]) -> Option<TooComplex> {
    // Operators in the current segment, per open bracket (and the top level).
    let mut chains: alloc::vec::Vec<usize> = alloc::vec![0];
    let mut i = 0;
    let mut previous = b' ';
    while i < source.len() {
        let byte = source[i];
        match byte {
            b'#' => {
                while i < source.len() && source[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            quote @ (b'\'' | b'"') if !formatted_prefix(source, i) => {
                i = skip_string(source, i, quote);
                previous = quote;
                continue;
            }
            b'(' | b'[' | b'{' => {
                // A call or subscript extends the chain it follows.
                if byte != b'{'
                    && (previous.is_ascii_alphanumeric() || matches!(previous, b'_' | b')' | b']'))
                {
                    bump(&mut chains);
                }
                chains.push(0);
                if chains.len() > MAX_DEPTH + 1 {
                    return Some(TooComplex::Nesting(i));
                }
            }
            b')' | b']' | b'}' => {
                if chains.len() > 1 {
                    chains.pop();
                }
            }
            b',' | b';' | b':' => reset(&mut chains),
            b'\n' if chains.len() == 1 => reset(&mut chains),
            b'=' if !matches!(previous, b'=' | b'<' | b'>' | b'!')
                && source.get(i + 1) != Some(&b'=') =>
            {
                reset(&mut chains)
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'&' | b'|' | b'^' | b'.'
                if bump(&mut chains) > MAX_CHAIN =>
            {
                return Some(TooComplex::Chain(i));
            }
            _ => {}
        }
        if !byte.is_ascii_whitespace() {
            previous = byte;
        }
        i += 1;
    }
    None
}

fn bump(chains: &mut [usize]) -> usize {
    match chains.last_mut() {
        Some(top) => {
            *top += 1;
            *top
        }
        None => 0,
    }
}

fn reset(chains: &mut [usize]) {
    if let Some(top) = chains.last_mut() {
        *top = 0;
    }
}

/// Whether the quote at `at` opens an f- or t-string (`f"`, `rf'`, `Tr"`).
fn formatted_prefix(source: &[u8], at: usize) -> bool {
    let start = at.saturating_sub(2);
    source[start..at]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .any(|b| matches!(b, b'f' | b'F' | b't' | b'T'))
}

/// The offset just past the string literal opening at `at`.
fn skip_string(source: &[u8], at: usize, quote: u8) -> usize {
    let triple = source.len() >= at + 3 && source[at + 1] == quote && source[at + 2] == quote;
    let mut i = at + if triple { 3 } else { 1 };
    while i < source.len() {
        match source[i] {
            b'\\' => i += 2,
            b'\n' if !triple => return i,
            b if b == quote => {
                if !triple {
                    return i + 1;
                }
                if source.len() >= i + 3 && source[i + 1] == quote && source[i + 2] == quote {
                    return i + 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    i
}
