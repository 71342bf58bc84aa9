using OpenAccess.Gateway.Extensions;
using OpenAccess.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(GatewayExtensions.ServiceName);
builder.AddGateway();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapDashboard();
app.MapGateway();
app.Run();
