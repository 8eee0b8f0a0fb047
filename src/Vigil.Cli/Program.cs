using Vigil.Cli;

return await VigilCommands.RunAsync(args);
