//! The blueprints' syntax trees as bytes: Tera parses each blueprint when
//! eksnet is built (`build.rs` writes [`encode`]'s bytes), and a run reads
//! the trees back ([`decode`]) instead of parsing the text. Parsing was
//! nine tenths of a `generate` run (BENCHMARKS.md).
//!
//! The trees are Tera's own (`tera::ast`, which Tera exports but neither
//! documents nor promises to keep stable, as it does `Tera::templates`
//! where they go: hence the exact version in Cargo.toml). A unit
//! test checks that every blueprint decodes to the tree Tera parses from
//! its text. The same file is compiled into the build script and into
//! eksnet, so writer and reader cannot drift apart.
//!
//! The layout: a length is a little-endian u32, a string its UTF-8 bytes
//! after their length, a list its items after their count, a map its
//! entries sorted by key (the bytes are the same on every build), an
//! option or a bool one byte, an enum a tag byte and its fields in order.

use std::collections::HashMap;
use std::hash::Hash;
use tera::ast::*;

/// The bytes of a template's syntax tree.
pub fn encode(ast: &[Node]) -> Vec<u8> {
    let mut out = Vec::new();
    put_len(ast.len(), &mut out);
    ast.iter().for_each(|n| n.put(&mut out));
    out
}

/// A template's syntax tree from [`encode`]'s bytes; None when they are
/// not such bytes (cut short, an unknown tag, left over).
pub fn decode(bytes: &[u8]) -> Option<Vec<Node>> {
    let mut r = Reader { bytes };
    let ast = take(&mut r)?;
    r.bytes.is_empty().then_some(ast)
}

/// The unread bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }
    fn byte(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }
    fn len(&mut self) -> Option<usize> {
        let b = self.bytes(4)?;
        usize::try_from(u32::from_le_bytes(b.try_into().ok()?)).ok()
    }
}

/// A value written as bytes and read back.
pub trait Code: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn take(r: &mut Reader) -> Option<Self>;
}

fn take<T: Code>(r: &mut Reader) -> Option<T> {
    T::take(r)
}

fn put_len(n: usize, out: &mut Vec<u8>) {
    let n = u32::try_from(n).expect("a blueprint's lists and texts are far below 4 GiB");
    out.extend_from_slice(&n.to_le_bytes());
}

impl Code for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Code for i64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(i64::from_le_bytes(r.bytes(8)?.try_into().ok()?))
    }
}

impl Code for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(f64::from_bits(u64::from_le_bytes(
            r.bytes(8)?.try_into().ok()?,
        )))
    }
}

impl Code for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(self.len(), out);
        out.extend_from_slice(self.as_bytes());
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let n = r.len()?;
        String::from_utf8(r.bytes(n)?.to_vec()).ok()
    }
}

impl<T: Code> Code for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_len(self.len(), out);
        self.iter().for_each(|x| x.put(out));
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let n = r.len()?;
        // Each item takes a byte at least: a count beyond the bytes left is
        // not believed (no allocation of its size).
        let mut v = Vec::with_capacity(n.min(r.bytes.len()));
        for _ in 0..n {
            v.push(take(r)?);
        }
        Some(v)
    }
}

impl<T: Code> Code for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.is_some().put(out);
        if let Some(x) = self {
            x.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(if take::<bool>(r)? {
            Some(take(r)?)
        } else {
            None
        })
    }
}

impl<T: Code> Code for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(Box::new(take(r)?))
    }
}

impl<K: Code + Ord + Hash, V: Code> Code for HashMap<K, V> {
    fn put(&self, out: &mut Vec<u8>) {
        let mut entries: Vec<(&K, &V)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        put_len(entries.len(), out);
        for (k, v) in entries {
            k.put(out);
            v.put(out);
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        let n = r.len()?;
        let mut m = HashMap::with_capacity(n.min(r.bytes.len()));
        for _ in 0..n {
            m.insert(take(r)?, take(r)?);
        }
        Some(m)
    }
}

impl<A: Code, B: Code> Code for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some((take(r)?, take(r)?))
    }
}

impl<A: Code, B: Code, C: Code> Code for (A, B, C) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some((take(r)?, take(r)?, take(r)?))
    }
}

/// A struct as its fields, in the order named.
macro_rules! fields {
    ($($ty:ident { $($f:ident),* })*) => {$(
        impl Code for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                $(self.$f.put(out);)*
            }
            fn take(r: &mut Reader) -> Option<Self> {
                Some($ty { $($f: take(r)?),* })
            }
        }
    )*};
}

fields! {
    WS { left, right }
    FunctionCall { name, args }
    MathExpr { lhs, rhs, operator }
    LogicExpr { lhs, rhs, operator }
    StringConcat { values }
    In { lhs, rhs, negated }
    Expr { val, negated, filters }
    Test { ident, negated, name, args }
    FilterSection { filter, body }
    Set { key, value, global }
    MacroCall { namespace, name, args }
    MacroDefinition { name, args, body }
    Block { name, body }
    Forloop { key, value, container, body, empty_body }
    If { conditions, otherwise }
}

/// An enum without fields as its variant's place in the list.
macro_rules! variants {
    ($($ty:ident [$($v:ident),*])*) => {$(
        impl Code for $ty {
            fn put(&self, out: &mut Vec<u8>) {
                // Written by the build script only: a variant missing from
                // the list fails the build, not a run.
                let tag = [$($ty::$v),*]
                    .iter()
                    .position(|v| v == self)
                    .expect(concat!("every ", stringify!($ty), " is listed in blueprint_ast"));
                out.push(u8::try_from(tag).expect("fewer than 256 variants"));
            }
            fn take(r: &mut Reader) -> Option<Self> {
                [$($ty::$v),*].get(usize::from(r.byte()?)).copied()
            }
        }
    )*};
}

variants! {
    MathOperator [Add, Sub, Mul, Div, Modulo]
    LogicOperator [Gt, Gte, Lt, Lte, Eq, NotEq, And, Or]
}

impl Code for ExprVal {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            ExprVal::String(x) => (0u8, x).put_all(out),
            ExprVal::Int(x) => (1u8, x).put_all(out),
            ExprVal::Float(x) => (2u8, x).put_all(out),
            ExprVal::Bool(x) => (3u8, x).put_all(out),
            ExprVal::Ident(x) => (4u8, x).put_all(out),
            ExprVal::Math(x) => (5u8, x).put_all(out),
            ExprVal::Logic(x) => (6u8, x).put_all(out),
            ExprVal::Test(x) => (7u8, x).put_all(out),
            ExprVal::MacroCall(x) => (8u8, x).put_all(out),
            ExprVal::FunctionCall(x) => (9u8, x).put_all(out),
            ExprVal::Array(x) => (10u8, x).put_all(out),
            ExprVal::StringConcat(x) => (11u8, x).put_all(out),
            ExprVal::In(x) => (12u8, x).put_all(out),
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => ExprVal::String(take(r)?),
            1 => ExprVal::Int(take(r)?),
            2 => ExprVal::Float(take(r)?),
            3 => ExprVal::Bool(take(r)?),
            4 => ExprVal::Ident(take(r)?),
            5 => ExprVal::Math(take(r)?),
            6 => ExprVal::Logic(take(r)?),
            7 => ExprVal::Test(take(r)?),
            8 => ExprVal::MacroCall(take(r)?),
            9 => ExprVal::FunctionCall(take(r)?),
            10 => ExprVal::Array(take(r)?),
            11 => ExprVal::StringConcat(take(r)?),
            12 => ExprVal::In(take(r)?),
            _ => return None,
        })
    }
}

impl Code for Node {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Node::Super => out.push(0),
            Node::Text(s) => (1u8, s).put_all(out),
            Node::VariableBlock(ws, e) => (2u8, (ws, e)).put_all(out),
            Node::MacroDefinition(a, m, b) => (3u8, (a, m, b)).put_all(out),
            Node::Extends(ws, s) => (4u8, (ws, s)).put_all(out),
            Node::Include(ws, names, ignore) => (5u8, (ws, names, ignore)).put_all(out),
            Node::ImportMacro(ws, file, ns) => (6u8, (ws, file, ns)).put_all(out),
            Node::Set(ws, s) => (7u8, (ws, s)).put_all(out),
            Node::Raw(a, s, b) => (8u8, (a, s, b)).put_all(out),
            Node::FilterSection(a, f, b) => (9u8, (a, f, b)).put_all(out),
            Node::Block(a, bl, b) => (10u8, (a, bl, b)).put_all(out),
            Node::Forloop(a, f, b) => (11u8, (a, f, b)).put_all(out),
            Node::If(i, ws) => (12u8, (i, ws)).put_all(out),
            Node::Break(ws) => (13u8, ws).put_all(out),
            Node::Continue(ws) => (14u8, ws).put_all(out),
            Node::Comment(ws, s) => (15u8, (ws, s)).put_all(out),
        }
    }
    fn take(r: &mut Reader) -> Option<Self> {
        Some(match r.byte()? {
            0 => Node::Super,
            1 => Node::Text(take(r)?),
            2 => Node::VariableBlock(take(r)?, take(r)?),
            3 => Node::MacroDefinition(take(r)?, take(r)?, take(r)?),
            4 => Node::Extends(take(r)?, take(r)?),
            5 => Node::Include(take(r)?, take(r)?, take(r)?),
            6 => Node::ImportMacro(take(r)?, take(r)?, take(r)?),
            7 => Node::Set(take(r)?, take(r)?),
            8 => Node::Raw(take(r)?, take(r)?, take(r)?),
            9 => Node::FilterSection(take(r)?, take(r)?, take(r)?),
            10 => Node::Block(take(r)?, take(r)?, take(r)?),
            11 => Node::Forloop(take(r)?, take(r)?, take(r)?),
            12 => Node::If(take(r)?, take(r)?),
            13 => Node::Break(take(r)?),
            14 => Node::Continue(take(r)?),
            15 => Node::Comment(take(r)?, take(r)?),
            _ => return None,
        })
    }
}

/// A variant's tag and its fields (by reference), written in order.
trait PutAll {
    fn put_all(&self, out: &mut Vec<u8>);
}

impl<T: PutRef> PutAll for (u8, T) {
    fn put_all(&self, out: &mut Vec<u8>) {
        out.push(self.0);
        self.1.put_ref(out);
    }
}

/// Fields borrowed from a variant: one, or a tuple of two or three.
trait PutRef {
    fn put_ref(&self, out: &mut Vec<u8>);
}

impl<T: Code> PutRef for &T {
    fn put_ref(&self, out: &mut Vec<u8>) {
        (*self).put(out);
    }
}

impl<A: Code, B: Code> PutRef for (&A, &B) {
    fn put_ref(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
}

impl<A: Code, B: Code, C: Code> PutRef for (&A, &B, &C) {
    fn put_ref(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
        self.2.put(out);
    }
}
