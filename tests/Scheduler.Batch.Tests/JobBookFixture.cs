using Scheduler.Batch.Jobs;
using Scheduler.Batch.Specs;
using Scheduler.Batch.Storage;
using Scheduler.Protocol.V1;
using Scheduler.Resources;

namespace Scheduler.Batch.Tests;

/// <summary>A job book on a fresh SQLite store in its own folder, with a manual clock and offers from one agent.</summary>
public abstract class JobBookFixture
{
    private string _directory = null!;
    private int _offers;

    protected SqliteJobStore Store { get; private set; } = null!;
    protected ManualClock Clock { get; private set; } = null!;
    protected JobBook Book { get; private set; } = null!;

    [SetUp]
    public void CreateBook()
    {
        _directory = Directory.CreateTempSubdirectory("batch-book-").FullName;
        Store = new SqliteJobStore(Path.Combine(_directory, "batch.db"));
        Clock = new ManualClock();
        Book = new JobBook(Store, Clock);
    }

    [TearDown]
    public void DeleteBook()
    {
        Store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    protected Job Submit(string yaml) => Book.Submit(JobSpecParser.Parse(yaml), yaml);

    /// <summary>An offer of agent-1 with these resources, each with its own id.</summary>
    protected Offer OfferOf(string resources = "cpus:4;mem:4096")
    {
        var offer = new Offer
        {
            Id = new OfferID { Value = $"offer-{++_offers}" }, AgentId = new AgentID { Value = "agent-1" },
            FrameworkId = new FrameworkID { Value = "fw" }, Hostname = "host",
        };
        offer.Resources.AddRange(ResourceSet.Parse(resources).ToProto());
        return offer;
    }
}
