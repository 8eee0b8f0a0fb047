namespace Vigil.Language.Binding;

/// <summary>"Did you mean" for unknown names: the closest candidate by edit distance, if it is close enough.</summary>
public static class Suggestions
{
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        int limit = Math.Max(1, Math.Min(3, name.Length / 3));
        foreach (var c in candidates)
        {
            if (Math.Abs(c.Length - name.Length) > limit) continue;
            int d = Distance(name, c, limit);
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        return bestDistance <= limit ? best : null;
    }

    private static int Distance(string a, string b, int limit)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.Min(rowMin, cur[j]);
            }
            if (rowMin > limit) return int.MaxValue;
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
