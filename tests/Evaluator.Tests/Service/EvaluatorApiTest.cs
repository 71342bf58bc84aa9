namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// An Evaluator of its own on the in-memory bus for each test: its HTTP client, and a recorder of what it publishes
/// (attached before the test publishes anything).
/// </summary>
public abstract class EvaluatorApiTest : IAsyncLifetime
{
    protected readonly InMemoryEvaluatorFactory factory = new();
    protected HttpClient http = null!;
    protected BusRecorder bus = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        bus = BusRecorder.Attach(factory.Bus);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
