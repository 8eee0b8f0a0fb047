using System.Collections.Immutable;

namespace Vigil.Language.Syntax;

/// <summary>Typed tokens of TEXT patterns (spec normalization §4).</summary>
public enum PatternTokenType : byte
{
    Number, Word, WordDash, String, Literal, Until, Rest, DateTime, IPv4, IPv6, Ip, Hostname, MacAddr, Duration, NtUser, Csv, KeyValue,
}

public enum PatternRepeat : byte { One, OneOrMore, ZeroOrMore }

/// <summary>A parsed TEXT pattern: a sequence of pieces that must match the whole input.</summary>
public sealed record TextPattern(ImmutableArray<PatternPiece> Pieces);

/// <summary>Offsets are into the pattern string (after the formula's string escapes were decoded).</summary>
public abstract record PatternPiece(int Offset, int Length);

/// <summary>Literal text outside braces, or a quoted literal inside; <see cref="Capture"/> set for <c>$v="lit"</c>.</summary>
public sealed record PatternLiteral(int Offset, int Length, string Text, PatternCapture? Capture) : PatternPiece(Offset, Length);

/// <summary>A run of whitespace in the pattern: matches zero or more whitespace characters.</summary>
public sealed record PatternWhitespace(int Offset, int Length) : PatternPiece(Offset, Length);

public sealed record PatternToken(int Offset, int Length, PatternTokenType Type, ImmutableArray<string> Arguments, PatternRepeat Repeat, PatternCapture? Capture) : PatternPiece(Offset, Length);

/// <summary><c>{ a | b | c }</c> with <c>?</c> making the whole group optional. An empty alternative matches nothing.</summary>
public sealed record PatternGroup(int Offset, int Length, ImmutableArray<ImmutableArray<PatternPiece>> Alternatives, bool Optional) : PatternPiece(Offset, Length);

/// <summary>Where a capture goes: a taxonomy field or a <c>$temporary</c>.</summary>
public sealed record PatternCapture(string Name, bool IsVariable, int Offset, int Length);
