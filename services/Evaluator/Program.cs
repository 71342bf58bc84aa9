using OpenAccess.Evaluator.Apis;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(EvaluatorExtensions.ServiceName);
builder.AddEvaluator();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapEvaluatorApi();
app.Run();
