using BenchmarkDotNet.Running;

// `store-append` is a plain timed run (see StoreAppendRun); everything else goes to BenchmarkDotNet.
if (args is ["store-append", .. var rest]) return Vigil.Bench.StoreAppendRun.Run(rest);
if (args is ["throughput", .. var workloads]) return Vigil.Bench.Throughput.ThroughputRunner.Run(workloads);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
