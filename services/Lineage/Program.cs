using OpenAccess.Lineage.Apis;
using OpenAccess.Lineage.Extensions;
using OpenAccess.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(LineageExtensions.ServiceName);
builder.AddLineage();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapLineageApi();
app.Run();
