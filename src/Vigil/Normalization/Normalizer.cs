using Vigil.Events;
using Vigil.Language.Syntax;
using Vigil.Runtime;

namespace Vigil.Normalization;

public enum NormalizeStatus : byte
{
    /// <summary>A formula applied; the output event holds its fields.</summary>
    Normalized,
    /// <summary>No formula applied; the event is kept raw.</summary>
    Unmatched,
    /// <summary>A formula matched and executed <c>drop</c>: kept raw, with the formula named as the reason.</summary>
    Dropped,
}

public readonly record struct NormalizeOutcome(NormalizeStatus Status, CompiledFormula? Formula);

/// <summary>
/// Stage one: picks the formula for a raw event through an index and runs it. Candidates are tried in a fixed
/// order (formula path order, the spec's deterministic precedence) and the first that applies wins: header
/// filter, TEXT pattern, COND, then its statements. Stateless between events; one <see cref="EvalContext"/> per thread.
/// </summary>
public sealed class Normalizer
{
    private readonly Dictionary<string, CompiledFormula[]> _eventLogById = new(StringComparer.Ordinal);
    private readonly CompiledFormula[] _eventLogAny;
    private readonly CompiledFormula[] _json;
    private readonly CompiledFormula[] _xml;
    private readonly CompiledFormula[] _text;

    private readonly IXmlParser? _xmlParser;

    public Normalizer(IReadOnlyList<CompiledFormula> formulas, IXmlParser? xml = null)
    {
        _xmlParser = xml;
        Formulas = formulas.OrderBy(f => f.Order).ToArray();
        var byId = new Dictionary<string, List<CompiledFormula>>(StringComparer.Ordinal);
        var any = new List<CompiledFormula>();
        foreach (var f in Formulas.Where(f => f.Format == InputFormat.EventLog))
        {
            if (f.Main.Filter is { Path: [var first, ..] } filter && first == "EventID")
            {
                if (!byId.TryGetValue(filter.Value, out var list)) byId[filter.Value] = list = [];
                list.Add(f);
            }
            else any.Add(f);
        }
        _eventLogAny = any.ToArray();
        foreach (var (id, list) in byId)
            _eventLogById[id] = list.Concat(any).OrderBy(f => f.Order).ToArray();
        _json = Formulas.Where(f => f.Format is InputFormat.Json or InputFormat.KeyValue).ToArray();
        _xml = Formulas.Where(f => f.Format == InputFormat.Xml).ToArray();
        _text = Formulas.Where(f => f.Format is InputFormat.Text or InputFormat.Csv or InputFormat.Tabular).ToArray();
    }

    public IReadOnlyList<CompiledFormula> Formulas { get; }

    /// <summary>Skip TEXT formulas whose COND cannot hold on the line (<see cref="ConditionLiterals"/>); off only to test that it changes nothing.</summary>
    internal bool UseConditionNeeds { get; set; } = true;

    public NormalizeOutcome Normalize(IRawView raw, NormalizedEvent output, EvalContext ctx)
    {
        // Once per event, not per candidate formula.
        var env = raw.EnvelopeFields;
        SetReferenceTime(env);
        switch (raw.Shape)
        {
            case RawShape.EventLog:
                {
                    var candidates = raw.EventId is { } id && _eventLogById.TryGetValue(id, out var list) ? list : _eventLogAny;
                    return TryAll(candidates, raw, output, ctx, env);
                }
            case RawShape.Json: return TryAll(_json, raw, output, ctx, env);
            case RawShape.Xml:
                {
                    if (_xml.Length == 0) break;
                    var root = raw.Root ?? (raw.Text is { } xmlText ? _xmlParser?.Parse(xmlText) : null);
                    if (root is null) break;
                    return TryAll(_xml, new StructuredRawView(RawShape.Xml, root, raw.Text, null, env), output, ctx, env);
                }
            default:
                {
                    var text = raw.Text;
                    if (text is null) break;
                    // An unassigned temporary reads the input root; with none, the COND's literals must be in the line.
                    bool rootless = raw.Root is null;
                    for (int i = 0; i < _text.Length; i++)
                    {
                        var main = _text[i].Main;
                        if (main.Matcher is { } m && !m.MayMatch(text)) continue;
                        if (UseConditionNeeds && rootless && main.ConditionNeeds is { } needs && !needs.MayHold(text)) continue;
                        var r = Apply(_text[i], raw, output, ctx, env);
                        if (r.Status != NormalizeStatus.Unmatched) return r;
                    }
                    break;
                }
        }
        output.Clear();
        return new NormalizeOutcome(NormalizeStatus.Unmatched, null);
    }

    private static NormalizeOutcome TryAll(CompiledFormula[] candidates, IRawView raw, NormalizedEvent output, EvalContext ctx, IValueMap? env)
    {
        foreach (var f in candidates)
        {
            var r = Apply(f, raw, output, ctx, env);
            if (r.Status != NormalizeStatus.Unmatched) return r;
        }
        output.Clear();
        return new NormalizeOutcome(NormalizeStatus.Unmatched, null);
    }

    /// <summary>
    /// Runs one formula on one event. The envelope's collection fields are in the event before the formula
    /// runs, so formulas may read them (<c>event_src.ip = recv_ipv4</c> in the auditd formulas).
    /// </summary>
    public static NormalizeOutcome TryApply(CompiledFormula f, IRawView raw, NormalizedEvent output, EvalContext ctx, IValueMap? envelope = null)
    {
        var env = envelope ?? raw.EnvelopeFields;
        SetReferenceTime(env);
        return Apply(f, raw, output, ctx, env);
    }

    // Dates without a year (syslog) take the year the event was received.
    private static void SetReferenceTime(IValueMap? env) =>
        TimeParser.SetReference(env is not null && env.Get("recv_time").ToText() is { } rt && TimeParser.TryParse(rt, out long ticks) ? ticks : null);

    private static NormalizeOutcome Apply(CompiledFormula f, IRawView raw, NormalizedEvent output, EvalContext ctx, IValueMap? env)
    {
        output.Clear();
        if (env is not null) Prefill(output, env);
        ctx.Reset();
        ctx.PrepareSlots(f.SlotCount);
        ctx.Event = output;
        ctx.Input = raw.Root;
        var main = f.Main;
        if (main.Filter is { } filter && !HeaderFilterMatches(filter, raw.Root)) return default(NormalizeOutcome) with { Status = NormalizeStatus.Unmatched };
        if (main.Format is InputFormat.Text)
        {
            // The matcher runs the COND itself, between the captures it reads and the rest.
            if (main.Matcher is null || raw.Text is not { } text || !main.Matcher.Match(text, ctx, main.Condition)) return new(NormalizeStatus.Unmatched, null);
        }
        else if (main.Condition is { } cond && !cond(ctx)) return new(NormalizeStatus.Unmatched, null);
        main.Body(ctx);
        if (ctx.Dropped)
        {
            output.Clear();
            return new(NormalizeStatus.Dropped, f);
        }
        return new(NormalizeStatus.Normalized, f);
    }

    /// <summary>Envelope fields that are taxonomy fields (auto=true: recv_*, tag, task_id, input_id, mime, type, uuid).</summary>
    public static readonly string[] EnvelopeFieldNames = ["recv_ipv4", "recv_ipv6", "recv_host", "recv_time", "task_id", "tag", "input_id", "mime", "type", "uuid"];

    public static void Prefill(NormalizedEvent output, IValueMap envelope)
    {
        foreach (var name in EnvelopeFieldNames)
        {
            if (!output.Taxonomy.TryGetField(name, out var f)) continue;
            var v = envelope.Get(name);
            if (!v.IsNull) output.Set(f.Id, v);
        }
    }

    /// <summary><c>EventID="4624"</c>: the value at the path, compared as text. A string where the path expects a map (<c>EventID.text</c> on a plain id) is the value itself.</summary>
    public static bool HeaderFilterMatches(Language.Binding.HeaderFilter filter, IValueMap? root)
    {
        if (root is null) return false;
        var v = root.Get(filter.Path[0]);
        for (int i = 1; i < filter.Path.Length; i++)
        {
            if (v.Kind != ValueKind.Map) break;
            v = v.AsMap.Get(filter.Path[i]);
        }
        var text = v.ToText();
        return text is not null && string.Equals(text.Trim(), filter.Value, StringComparison.Ordinal);
    }
}
