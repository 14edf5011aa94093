"use strict";
// Reads Mesos's operator API with DC/OS's web UI client, @dcos/mesos-client, unchanged. The client is written for a
// browser (it speaks through XMLHttpRequest), so it runs in a jsdom window whose page is served by the master.
var JSDOM = require("jsdom").JSDOM;
var host = process.argv[2] || "127.0.0.1";
var port = parseInt(process.argv[3] || "5050", 10);
var window = new JSDOM("", { url: "http://" + host + ":" + port + "/" }).window;
global.XMLHttpRequest = window.XMLHttpRequest;
var mesos = require("@dcos/mesos-client");
var api = "/api/v1";

var timer = setTimeout(function () { console.log("RESULT timeout"); process.exit(2); }, 60000);

function call(type) {
    return new Promise(function (resolve, reject) {
        mesos.request({ type: type }, api).subscribe(function (text) { resolve(JSON.parse(text)); }, reject);
    });
}

function fail(error) {
    console.log("ERROR " + (error && (error.message || JSON.stringify(error))));
    process.exit(1);
}

call("GET_STATE").then(function (state) {
    console.log("GET_STATE agents=" + state.get_state.get_agents.agents.length);
    return call("GET_AGENTS");
}).then(function (agents) {
    agents.get_agents.agents.forEach(function (agent) { console.log("AGENT " + agent.agent_info.id.value); });
    return call("GET_FRAMEWORKS");
}).then(function (frameworks) {
    console.log("GET_FRAMEWORKS frameworks=" + (frameworks.get_frameworks.frameworks || []).length);
    return call("GET_TASKS");
}).then(function (tasks) {
    console.log("GET_TASKS type=" + tasks.type);
    var seen = [];
    var subscription = mesos.stream({ type: "SUBSCRIBE" }, api).subscribe(function (record) {
        var event = JSON.parse(record);
        console.log("EVENT " + event.type);
        if (event.type === "SUBSCRIBED") {
            console.log("SUBSCRIBED agents=" + event.subscribed.get_state.get_agents.agents.length
                + " heartbeat=" + event.subscribed.heartbeat_interval_seconds);
        }
        seen.push(event.type);
        if (seen.indexOf("SUBSCRIBED") >= 0 && seen.indexOf("HEARTBEAT") >= 0) {
            clearTimeout(timer);
            subscription.unsubscribe();
            console.log("RESULT ok");
            process.exit(0);
        }
    }, fail);
}).catch(fail);
