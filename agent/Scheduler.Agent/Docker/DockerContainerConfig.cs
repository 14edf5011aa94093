using Docker.DotNet.Models;
using Scheduler.Agent.Containers;

namespace Scheduler.Agent.Docker;

/// <summary>
/// What the engine is asked to create for one launch, the way Mesos's Docker containerizer runs a task: the
/// sandbox mounted at <see cref="SandboxMount"/> as the working directory, the task's limits on the container's
/// cgroups (memory and memory+swap equal so the limit holds), and labels that name the agent, framework and task.
/// </summary>
public static class DockerContainerConfig
{
    public const string SandboxMount = "/mnt/mesos/sandbox";

    public static CreateContainerParameters For(ContainerLaunchSpec spec, string agentLabel)
    {
        var docker = spec.Docker ?? throw new ArgumentException("Not a Docker launch.");
        var limits = CgroupLimits.From(spec);
        var hostConfig = new HostConfig
        {
            NetworkMode = NetworkMode(docker.Network),
            Privileged = docker.Privileged,
            Memory = limits.MemoryBytes,
            MemorySwap = limits.MemoryBytes,
            CPUShares = limits.CpuShares,
            CPUPeriod = CgroupLimits.CfsPeriodMicroseconds,
            CPUQuota = limits.CfsQuotaMicroseconds,
            PidsLimit = limits.Pids,
            Binds = [$"{Path.GetFullPath(spec.SandboxDirectory)}:{SandboxMount}", .. docker.Volumes.Select(v => Bind(v, spec.SandboxDirectory))],
            PortBindings = PortBindings(docker),
        };
        var parameters = new CreateContainerParameters
        {
            Name = DockerLabels.NamePrefix + spec.ContainerId,
            Image = docker.Image,
            Env = Environment(spec),
            WorkingDir = SandboxMount,
            User = spec.User,
            Labels = new Dictionary<string, string>
            {
                [DockerLabels.Agent] = agentLabel,
                [DockerLabels.ContainerId] = spec.ContainerId,
                [DockerLabels.FrameworkId] = spec.FrameworkId,
                [DockerLabels.TaskId] = spec.TaskId,
            },
            HostConfig = hostConfig,
            ExposedPorts = docker.PortMappings.Count == 0 ? null
                : docker.PortMappings.ToDictionary(p => PortKey(p), _ => new EmptyStruct()),
        };
        if (spec.Shell is not null)
        {
            parameters.Entrypoint = ["/bin/sh", "-c"];
            parameters.Cmd = [spec.Shell];
        }
        else if (spec.Executable is not null)
        {
            parameters.Cmd = [spec.Executable, .. spec.Arguments];
        }
        else if (spec.Arguments.Count > 0)
        {
            parameters.Cmd = spec.Arguments.ToList();
        }
        foreach (var (key, value) in docker.Parameters)
            Apply(parameters, key, value);
        return parameters;
    }

    public static string NetworkMode(DockerNetwork network) => network switch
    {
        DockerNetwork.Host => "host",
        DockerNetwork.None => "none",
        DockerNetwork.Bridge => "bridge",
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, null),
    };

    private static List<string> Environment(ContainerLaunchSpec spec)
    {
        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal)
        {
            ["MESOS_SANDBOX"] = SandboxMount,
            ["MESOS_TASK_ID"] = spec.TaskId,
            ["MESOS_FRAMEWORK_ID"] = spec.FrameworkId,
            ["MESOS_CONTAINER_NAME"] = DockerLabels.NamePrefix + spec.ContainerId,
        };
        return environment.Select(e => $"{e.Key}={e.Value}").ToList();
    }

    private static string Bind(DockerVolume volume, string sandbox)
    {
        var host = Path.IsPathRooted(volume.HostPath) ? volume.HostPath : Path.GetFullPath(Path.Combine(sandbox, volume.HostPath));
        return $"{host}:{volume.ContainerPath}:{(volume.ReadOnly ? "ro" : "rw")}";
    }

    private static Dictionary<string, IList<PortBinding>>? PortBindings(DockerLaunchSpec docker)
    {
        if (docker.PortMappings.Count == 0)
            return null;
        if (docker.Network != DockerNetwork.Bridge)
            throw new ArgumentException($"Port mappings need the BRIDGE network; this task asks for {docker.Network.ToString().ToUpperInvariant()}.");
        return docker.PortMappings
            .GroupBy(PortKey)
            .ToDictionary(g => g.Key, g => (IList<PortBinding>)g.Select(p => new PortBinding { HostPort = p.HostPort.ToString() }).ToList());
    }

    private static string PortKey(DockerPortMapping mapping) => $"{mapping.ContainerPort}/{mapping.Protocol.ToLowerInvariant()}";

    /// <summary>The <c>docker run</c> options a task may pass as parameters; any other is refused.</summary>
    private static void Apply(CreateContainerParameters parameters, string key, string value)
    {
        var host = parameters.HostConfig;
        switch (key)
        {
            case "env" or "e":
                parameters.Env.Add(value);
                break;
            case "label" or "l":
                var equals = value.IndexOf('=');
                var name = equals < 0 ? value : value[..equals];
                if (name.StartsWith("scheduler.", StringComparison.Ordinal))
                    throw new ArgumentException($"Docker parameter label '{name}' is reserved for the agent.");
                parameters.Labels[name] = equals < 0 ? "" : value[(equals + 1)..];
                break;
            case "user" or "u":
                parameters.User = value;
                break;
            case "workdir" or "w":
                parameters.WorkingDir = value;
                break;
            case "hostname" or "h":
                parameters.Hostname = value;
                break;
            case "entrypoint":
                parameters.Entrypoint = value.Length == 0 ? [] : [value];
                break;
            case "cap-add":
                (host.CapAdd ??= []).Add(value);
                break;
            case "cap-drop":
                (host.CapDrop ??= []).Add(value);
                break;
            case "add-host":
                (host.ExtraHosts ??= []).Add(value);
                break;
            case "dns":
                (host.DNS ??= []).Add(value);
                break;
            case "security-opt":
                (host.SecurityOpt ??= []).Add(value);
                break;
            case "volume" or "v":
                host.Binds.Add(value);
                break;
            case "read-only" when bool.TryParse(value, out var readOnly):
                host.ReadonlyRootfs = readOnly;
                break;
            case "shm-size" when long.TryParse(value, out var bytes):
                host.ShmSize = bytes;
                break;
            default:
                throw new ArgumentException($"Docker parameter '{key}={value}' is not supported.");
        }
    }
}
