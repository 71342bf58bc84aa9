using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Extensions;
using OpenAccess.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(FittingExtensions.ServiceName);
builder.AddFitting();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapFittingApi();
app.Run();
