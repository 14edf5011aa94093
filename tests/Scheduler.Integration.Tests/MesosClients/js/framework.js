"use strict";
// A framework written against Mesos's v1 HTTP API with an off-the-shelf Node.js client.
var Scheduler = require("mesos-framework").Scheduler;
var Mesos = require("mesos-framework").Mesos.getMesos();
var host = process.argv[2] || "127.0.0.1";
var port = parseInt(process.argv[3] || "5050", 10);

var scheduler = new Scheduler({
    masterUrl: host,
    port: port,
    frameworkName: "mesos-framework-js",
    logging: { level: "info" },
    restartStates: [],
    tasks: {
        hello: {
            priority: 1,
            instances: 1,
            commandInfo: new Mesos.CommandInfo(null, null, true, "echo hello-from-js", null, null),
            resources: { cpus: 0.1, mem: 32, ports: 0, disk: 0 }
        }
    },
    handlers: {}
});

var timer = setTimeout(function () { console.log("RESULT timeout"); process.exit(2); }, 60000);
scheduler.on("update", function (update) {
    var status = update.status;
    console.log("UPDATE " + status.state);
    if (status.state === "TASK_FINISHED" || status.state === "TASK_FAILED" || status.state === "TASK_ERROR") {
        clearTimeout(timer);
        console.log("RESULT " + status.state);
        scheduler.teardown();
        setTimeout(function () { process.exit(status.state === "TASK_FINISHED" ? 0 : 1); }, 500);
    }
});
scheduler.on("error", function (error) { console.log("ERROR " + (error.message || JSON.stringify(error))); });
scheduler.on("ready", function () { scheduler.subscribe(); });
