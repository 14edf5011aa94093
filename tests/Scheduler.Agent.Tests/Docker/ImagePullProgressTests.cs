using Docker.DotNet.Models;
using Newtonsoft.Json;
using Scheduler.Agent.Docker;

namespace Scheduler.Agent.Tests.Docker;

/// <summary>Fed the messages a Docker engine wrote while pulling an image of four layers, two of them already local.</summary>
public sealed class ImagePullProgressTests
{
    private const string Image = "127.0.0.1:5000/sample:1";

    private static readonly string[] Pull =
    [
        """{"status":"Pulling from sample","id":"1"}""",
        """{"status":"Already exists","progressDetail":{},"id":"25c6c335bbbd"}""",
        """{"status":"Already exists","progressDetail":{},"id":"ebdaea98564a"}""",
        """{"status":"Pulling fs layer","progressDetail":{},"id":"23147492d8e8"}""",
        """{"status":"Pulling fs layer","progressDetail":{},"id":"e53993743b66"}""",
        """{"status":"Downloading","progressDetail":{"current":36446,"total":700400},"progress":"[==>    ]  36.45kB/700.4kB","id":"e53993743b66"}""",
        """{"status":"Downloading","progressDetail":{"current":36445,"total":1500643},"progress":"[=>     ]  36.45kB/1.501MB","id":"23147492d8e8"}""",
        """{"status":"Downloading","progressDetail":{"current":700400,"total":700400},"progress":"[======>]  700.4kB/700.4kB","id":"e53993743b66"}""",
        """{"status":"Verifying Checksum","progressDetail":{},"id":"e53993743b66"}""",
        """{"status":"Download complete","progressDetail":{},"id":"e53993743b66"}""",
        """{"status":"Download complete","progressDetail":{},"id":"23147492d8e8"}""",
        """{"status":"Extracting","progressDetail":{"current":32768,"total":1500643},"progress":"[=>     ]  32.77kB/1.501MB","id":"23147492d8e8"}""",
        """{"status":"Extracting","progressDetail":{"current":1500643,"total":1500643},"progress":"[======>]  1.501MB/1.501MB","id":"23147492d8e8"}""",
        """{"status":"Pull complete","progressDetail":{},"id":"23147492d8e8"}""",
        """{"status":"Extracting","progressDetail":{"current":32768,"total":700400},"progress":"[==>    ]  32.77kB/700.4kB","id":"e53993743b66"}""",
        """{"status":"Extracting","progressDetail":{"current":700400,"total":700400},"progress":"[======>]  700.4kB/700.4kB","id":"e53993743b66"}""",
        """{"status":"Pull complete","progressDetail":{},"id":"e53993743b66"}""",
        """{"status":"Digest: sha256:8e37f29c45e7d059c0144c6ee195353c5d3842e43fa7fb465978de76cd092383"}""",
        """{"status":"Status: Downloaded newer image for 127.0.0.1:5000/sample:1"}""",
    ];

    private static ImagePullProgress After(int messages)
    {
        var progress = new ImagePullProgress(Image);
        foreach (var line in Pull.Take(messages))
            progress.Add(JsonConvert.DeserializeObject<JSONMessage>(line)!);
        return progress;
    }

    [Test]
    public void BeforeAnyLayerIsKnownOnlyTheImageIsNamed()
    {
        Assert.That(After(1).Describe(), Is.EqualTo("Pulling image 127.0.0.1:5000/sample:1"));
    }

    [Test]
    public void LayersAlreadyOnTheEngineCountAsDoneWithoutBytes()
    {
        var progress = After(5);

        Assert.That((progress.LayersDone, progress.Layers, progress.BytesTotal), Is.EqualTo((2, 4, 0L)));
        Assert.That(progress.Describe(), Is.EqualTo("Pulling image 127.0.0.1:5000/sample:1: 2 of 4 layers"));
    }

    [Test]
    public void DownloadingLayersAddTheirBytesAsTheirSizesBecomeKnown()
    {
        Assert.That(After(6).Describe(), Is.EqualTo("Pulling image 127.0.0.1:5000/sample:1: 2 of 4 layers, 36.4 kB of 700.4 kB"));
        Assert.That(After(8).Describe(), Is.EqualTo("Pulling image 127.0.0.1:5000/sample:1: 2 of 4 layers, 736.8 kB of 2.2 MB"));
    }

    [Test]
    public void ADownloadedLayerCountsInFullWhileExtractingAndIsDoneWhenPulled()
    {
        var progress = After(14);

        Assert.That((progress.LayersDone, progress.BytesDownloaded, progress.BytesTotal), Is.EqualTo((3, 2_201_043L, 2_201_043L)));
        Assert.That(progress.Describe(), Is.EqualTo("Pulling image 127.0.0.1:5000/sample:1: 3 of 4 layers, 2.2 MB of 2.2 MB"));
    }

    [Test]
    public void TheWholePullEndsWithEveryLayerDoneAndAFinalSentence()
    {
        var progress = After(Pull.Length);

        Assert.That((progress.LayersDone, progress.Layers, progress.Error), Is.EqualTo((4, 4, (string?)null)));
        Assert.That(progress.DescribeFinished(TimeSpan.FromMilliseconds(1260)),
            Is.EqualTo("Pulled image 127.0.0.1:5000/sample:1 in 1.3 s: 4 layers, 2.2 MB downloaded"));
    }

    [Test]
    public void APullOfLayersAllPresentNamesOnlyTheTime()
    {
        var progress = new ImagePullProgress(Image);
        progress.Add(JsonConvert.DeserializeObject<JSONMessage>(Pull[0])!);
        progress.Add(JsonConvert.DeserializeObject<JSONMessage>(Pull[^1])!);

        Assert.That(progress.DescribeFinished(TimeSpan.FromSeconds(0.04)), Is.EqualTo("Pulled image 127.0.0.1:5000/sample:1 in 0.0 s"));
    }

    [Test]
    public void AnErrorInTheStreamIsKept()
    {
        var progress = After(5);
        progress.Add(JsonConvert.DeserializeObject<JSONMessage>(
            """{"errorDetail":{"message":"unexpected EOF"},"error":"unexpected EOF"}""")!);

        Assert.That(progress.Error, Is.EqualTo("unexpected EOF"));
    }

    [TestCase(999L, "999 B")]
    [TestCase(36_446L, "36.4 kB")]
    [TestCase(1_500_643L, "1.5 MB")]
    [TestCase(2_300_000_000L, "2.3 GB")]
    public void BytesAreShownInDecimalUnits(long bytes, string expected)
    {
        Assert.That(ImagePullProgress.Bytes(bytes), Is.EqualTo(expected));
    }
}
