namespace Scheduler.Fuzzing;

/// <summary>Valid calls of the scheduler and operator APIs in Mesos's JSON, the starting points of mutation.</summary>
public static class SeedCorpus
{
    public static readonly IReadOnlyList<string> SchedulerCalls =
    [
        """{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"alice","name":"fuzz","roles":["web","eng/batch"],"capabilities":[{"type":"MULTI_ROLE"},{"type":"PARTITION_AWARE"}],"failover_timeout":60,"labels":{"labels":[{"key":"k","value":"v"}]}},"suppressed_roles":["web"]}}""",
        """{"type":"ACCEPT","framework_id":{"value":"F1"},"accept":{"offer_ids":[{"value":"O1"},{"value":"O2"}],"operations":[{"type":"LAUNCH","launch":{"task_infos":[{"name":"t","task_id":{"value":"t1"},"agent_id":{"value":"A1"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.5},"allocation_info":{"role":"*"}},{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":31000,"end":31001}]}}],"command":{"shell":true,"value":"sleep 1","uris":[{"value":"http://example.org/a.tgz","extract":true}]},"kill_policy":{"grace_period":{"nanoseconds":1000000000}},"health_check":{"type":"HTTP","http":{"port":8080,"path":"/"}}}]}},{"type":"RESERVE","reserve":{"resources":[{"name":"mem","type":"SCALAR","scalar":{"value":64},"reservations":[{"type":"DYNAMIC","role":"web","principal":"ops"}]}]}}],"filters":{"refuse_seconds":5}}}""",
        """{"type":"ACCEPT","framework_id":{"value":"F1"},"accept":{"offer_ids":[{"value":"O1"}],"operations":[{"type":"LAUNCH_GROUP","launch_group":{"executor":{"type":"DEFAULT","executor_id":{"value":"e"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":0.1}}]},"task_group":{"tasks":[{"name":"a","task_id":{"value":"a"},"agent_id":{"value":"A1"},"resources":[{"name":"mem","type":"SCALAR","scalar":{"value":32}}],"container":{"type":"DOCKER","docker":{"image":"busybox"}}}]}}}]}}""",
        """{"type":"DECLINE","framework_id":{"value":"F1"},"decline":{"offer_ids":[{"value":"O1"}],"filters":{"refuse_seconds":0.5}}}""",
        """{"type":"ACKNOWLEDGE","framework_id":{"value":"F1"},"acknowledge":{"agent_id":{"value":"A1"},"task_id":{"value":"t1"},"uuid":"AAECAwQFBgcICQoLDA0ODw=="}}""",
        """{"type":"KILL","framework_id":{"value":"F1"},"kill":{"task_id":{"value":"t1"},"agent_id":{"value":"A1"},"kill_policy":{"grace_period":{"nanoseconds":5}}}}""",
        """{"type":"RECONCILE","framework_id":{"value":"F1"},"reconcile":{"tasks":[{"task_id":{"value":"t1"},"agent_id":{"value":"A1"}}]}}""",
        """{"type":"REVIVE","framework_id":{"value":"F1"},"revive":{"roles":["web"]}}""",
        """{"type":"SUPPRESS","framework_id":{"value":"F1"},"suppress":{"roles":["web"]}}""",
        """{"type":"UPDATE_FRAMEWORK","framework_id":{"value":"F1"},"update_framework":{"framework_info":{"id":{"value":"F1"},"user":"alice","name":"fuzz","roles":["web"]},"suppressed_roles":[]}}""",
        """{"type":"MESSAGE","framework_id":{"value":"F1"},"message":{"agent_id":{"value":"A1"},"executor_id":{"value":"e"},"data":"aGVsbG8="}}""",
        """{"type":"TEARDOWN","framework_id":{"value":"F1"}}""",
    ];

    public static readonly IReadOnlyList<string> OperatorCalls =
    [
        """{"type":"GET_HEALTH"}""",
        """{"type":"GET_STATE"}""",
        """{"type":"GET_TASKS"}""",
        """{"type":"GET_AGENTS"}""",
        """{"type":"GET_METRICS","get_metrics":{"timeout":{"nanoseconds":1000000}}}""",
        """{"type":"UPDATE_WEIGHTS","update_weights":{"weight_infos":[{"role":"web","weight":2.5}]}}""",
        """{"type":"UPDATE_QUOTA","update_quota":{"force":true,"quota_configs":[{"role":"web","guarantees":{"cpus":{"value":1}},"limits":{"cpus":{"value":4},"mem":{"value":1024}}}]}}""",
        """{"type":"RESERVE_RESOURCES","reserve_resources":{"agent_id":{"value":"A1"},"resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":1},"reservations":[{"type":"DYNAMIC","role":"web","principal":"ops"}]}]}}""",
        """{"type":"DRAIN_AGENT","drain_agent":{"agent_id":{"value":"A1"},"max_grace_period":"30s","mark_gone":false}}""",
        """{"type":"UPDATE_MAINTENANCE_SCHEDULE","update_maintenance_schedule":{"schedule":{"windows":[{"machine_ids":[{"hostname":"h","ip":"10.0.0.1"}],"unavailability":{"start":{"nanoseconds":1},"duration":{"nanoseconds":3600000000000}}}]}}}""",
        """{"type":"TEARDOWN","teardown":{"framework_id":{"value":"F1"}}}""",
        """{"type":"MARK_AGENT_GONE","mark_agent_gone":{"agent_id":{"value":"A1"}}}""",
    ];

    /// <summary>Operator calls that only read, for fuzzing a live master whose state must not change.</summary>
    public static readonly IReadOnlyList<string> ReadOnlyOperatorCalls =
        OperatorCalls.Where(json => json.StartsWith("""{"type":"GET_""", StringComparison.Ordinal)).ToList();
}
