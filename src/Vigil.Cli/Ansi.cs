namespace Vigil.Cli;

/// <summary>Colour for line-oriented output (long paths must not be wrapped the way a console widget would), only on a terminal.</summary>
internal static class Ansi
{
    public const string Green = "32";
    public const string Red = "31";
    public const string Yellow = "33";

    private static readonly bool s_enabled = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public static string Color(string text, string code) => s_enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
