namespace Vigil.KnowledgeBase;

/// <summary>Loads tabular-list schemas into the catalog (YAML loader arrives with the Tables stage).</summary>
internal static class TableLoading
{
    public static void Load(KnowledgeBaseLoader.ParsedFile file, KnowledgeBase kb)
    {
        _ = file;
        _ = kb;
    }
}
