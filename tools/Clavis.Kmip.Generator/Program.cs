Console.Error.WriteLine("Clavis.Kmip.Generator: the vocabulary generator is being added on branch 'vocab'.");
return 1;
