using OpenAccess.Harvester.Apis;
using OpenAccess.Harvester.Extensions;
using OpenAccess.Harvester.Importing;
using OpenAccess.ServiceDefaults;

var (rest, imports) = ImportArguments.Extract(args);
var builder = WebApplication.CreateBuilder(rest);
builder.Configuration.AddInMemoryCollection(imports);
builder.AddServiceDefaults(HarvesterExtensions.ServiceName);
builder.AddHarvester();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapHarvesterApi();
app.Run();
