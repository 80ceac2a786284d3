using Clavis.Kmip.Generator;

// Usage: Clavis.Kmip.Generator payloads <repository root>
var root = args.Length > 1 ? args[1] : Directory.GetCurrentDirectory();
return args.Length > 0 && args[0] == "payloads" ? PayloadGenerator.Run(root) : 2;
