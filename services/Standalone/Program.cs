using OpenAccess.Standalone;

try
{
    StandaloneHost.Build(args).Run();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"openaccess: {e.Message}");
    return 2;
}

return 0;
