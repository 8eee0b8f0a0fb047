using Vigil.Events;
using Vigil.Runtime;
using static Vigil.Tests.Runtime.Fn;

namespace Vigil.Tests.Runtime;

public class AllocationTests
{
    private static long AllocatedBy(string name, Value[] args)
    {
        Assert.True(FunctionTable.TryGet(name, out var f));
        for (int i = 0; i < 200; i++) f!.Invoke(args); // warm up (JIT, caches)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) f!.Invoke(args);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // regex() is left out: .NET's regex runner allocates until the JIT has tiered it up, which makes a
    // zero-allocation assertion timing-dependent; once warm it allocates only the returned string.
    [Fact]
    public void Hot_filter_functions_do_not_allocate_on_ascii_text()
    {
        var cmd = S("c:\\windows\\system32\\cmd.exe /c whoami");
        Assert.Equal(0, AllocatedBy("find_substr", [cmd, S("whoami")]));
        Assert.Equal(0, AllocatedBy("match", [cmd, S("*\\system32\\*")]));
        Assert.Equal(0, AllocatedBy("lower", [cmd]));
        Assert.Equal(0, AllocatedBy("strip", [cmd, S("{"), S("}")]));
        Assert.Equal(0, AllocatedBy("length", [cmd]));
        Assert.Equal(0, AllocatedBy("substr", [cmd, N(0), N(1000)]));
        Assert.Equal(0, AllocatedBy("in_list", [L(S("4624"), S("4625"), N(3)), S("3")]));
        Assert.Equal(0, AllocatedBy("coalesce", [Null, cmd]));
        Assert.Equal(0, AllocatedBy("replace", [cmd, S("x"), S("notfound")]));
        Assert.Equal(0, AllocatedBy("in_subnet", [S("10.1.2.3"), S("10.0.0.0/8")]));
        Assert.Equal(0, AllocatedBy("maybe_ipv4", [S("10.1.2.3")]));
        Assert.Equal(0, AllocatedBy("number16", [S("0x3e7")]));
    }

    [Fact]
    public void Equality_and_ordering_do_not_allocate()
    {
        var a = S("200");
        var b = N(200);
        for (int i = 0; i < 200; i++) Operators.AreEqual(a, b);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Operators.AreEqual(a, b);
            Operators.Less(a, N(300));
            Operators.AreEqual(S("x"), S("x"));
            Operators.IsTruthy(a);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
