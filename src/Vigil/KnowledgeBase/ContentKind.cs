namespace Vigil.KnowledgeBase;

/// <summary>The kinds of files a knowledge base holds, recognised by extension.</summary>
public enum ContentKind
{
    Formula,        // .xp normalization formula
    Correlation,    // .co correlation rule
    Enrichment,     // .en enrichment rule
    Macro,          // .flt filter macro
    TabularList,    // .tl tabular-list schema (YAML)
}

public static class ContentKinds
{
    public static bool TryFromPath(string path, out ContentKind kind)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".xp": kind = ContentKind.Formula; return true;
            case ".co": kind = ContentKind.Correlation; return true;
            case ".en": kind = ContentKind.Enrichment; return true;
            case ".flt": kind = ContentKind.Macro; return true;
            case ".tl": kind = ContentKind.TabularList; return true;
            default: kind = default; return false;
        }
    }

    public static string Describe(ContentKind kind) => kind switch
    {
        ContentKind.Formula => "normalization formulas",
        ContentKind.Correlation => "correlation rules",
        ContentKind.Enrichment => "enrichment rules",
        ContentKind.Macro => "filter macros",
        ContentKind.TabularList => "tabular lists",
        _ => kind.ToString(),
    };
}
