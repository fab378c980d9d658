"""deploy/k8s rendered by kubectl's own kustomize, every object checked against the Kubernetes schemas."""

from __future__ import annotations

import copy
import functools
import re

import kubernetes_validate
import pytest
import yaml

from tests.deploy.tools import DEPLOY, run, script

K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.30"  # the oldest minor release still commonly supported by cloud providers
OVERLAYS = ("migrate", "slack", "discord", "example")
CUSTOM_KINDS = {"ServiceMonitor", "PrometheusRule"}  # Prometheus Operator CRDs: not in the Kubernetes schemas


@functools.cache
def render(overlay: str) -> tuple[dict, ...]:
    result = run(script("kubectl"), "kustomize", K8S / overlay)
    assert result.returncode == 0, result.stderr
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def objects(overlay: str, kind: str) -> list[dict]:
    return [doc for doc in render(overlay) if doc["kind"] == kind]


def containers(workload: dict) -> list[dict]:
    return workload["spec"]["template"]["spec"]["containers"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_is_valid_for_kubernetes(overlay: str) -> None:
    for doc in render(overlay):
        if doc["kind"] not in CUSTOM_KINDS:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_the_validation_would_catch_a_mistake() -> None:
    [deployment] = objects("slack", "Deployment")
    broken = copy.deepcopy(deployment)
    containers(broken)[0]["ports"][0]["containerPort"] = "three thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSION, strict=True)
    unknown = copy.deepcopy(deployment)
    containers(unknown)[0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(unknown, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize(("overlay", "kind"), [("slack", "Deployment"), ("discord", "StatefulSet")])
def test_bots_have_probes_resources_secrets_and_no_privileges(overlay: str, kind: str) -> None:
    [workload] = objects(overlay, kind)
    pod = workload["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["args"] == [overlay]
    assert container["image"] == "bounceback:0.1.0"
    assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "ops"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "ops"}
    assert {"name": "ops", "containerPort": 9464} in container["ports"]
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    sources = container["envFrom"]
    assert {"secretRef": {"name": "bounceback"}} in sources
    assert any(s.get("configMapRef", {}).get("name", "").startswith("bounceback-config-") for s in sources)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert workload["spec"]["template"]["metadata"]["labels"]["bounceback.dev/ops"] == "true"
    # Time for the bot's own bounded shutdown (BOUNCEBACK_SHUTDOWN_TIMEOUT) before Kubernetes kills it.
    [config] = objects(overlay, "ConfigMap")
    assert pod["terminationGracePeriodSeconds"] > float(config["data"]["BOUNCEBACK_SHUTDOWN_TIMEOUT"])


def test_slack_runs_several_replicas_behind_a_service() -> None:
    [deployment] = objects("slack", "Deployment")
    assert deployment["spec"]["replicas"] >= 2
    services = {s["metadata"]["name"]: s for s in objects("slack", "Service")}
    slack = services["bounceback-slack"]
    assert slack["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert slack["spec"]["ports"][0]["targetPort"] == "http"
    [budget] = objects("slack", "PodDisruptionBudget")
    assert budget["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


def test_discord_runs_one_process_per_shard_group() -> None:
    for overlay in ("discord", "example"):
        [statefulset] = objects(overlay, "StatefulSet")
        env = {e["name"]: e["value"] for e in containers(statefulset)[0]["env"]}
        assert int(env["SHARD_GROUPS"]) == statefulset["spec"]["replicas"]
        assert int(env["DISCORD_SHARD_COUNT"]) >= int(env["SHARD_GROUPS"])
        assert statefulset["spec"]["serviceName"] == "bounceback-ops"
        assert statefulset["spec"]["podManagementPolicy"] == "OrderedReady"  # logins one group at a time


def test_the_migration_job_runs_before_the_bots() -> None:
    [job] = objects("migrate", "Job")
    assert containers(job)[0]["args"] == ["db", "upgrade"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    assert job["metadata"]["annotations"]["argocd.argoproj.io/hook"] == "PreSync"
    assert {"secretRef": {"name": "bounceback"}} in containers(job)[0]["envFrom"]


def test_the_service_monitor_scrapes_the_ops_service_of_every_bot() -> None:
    [monitor] = objects("example", "ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    ops = next(s for s in objects("example", "Service") if s["metadata"]["name"] == "bounceback-ops")
    assert monitor["spec"]["selector"]["matchLabels"].items() <= ops["metadata"]["labels"].items()
    assert monitor["spec"]["endpoints"][0]["port"] in {p["name"] for p in ops["spec"]["ports"]}
    for kind in ("Deployment", "StatefulSet"):
        [workload] = objects("example", kind)
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert ops["spec"]["selector"].items() <= labels.items()


def test_the_example_overlay_sets_namespace_image_and_scale() -> None:
    docs = render("example")
    assert all(d["metadata"].get("namespace") == "bounceback" for d in docs if d["kind"] != "Namespace")
    [deployment] = objects("example", "Deployment")
    assert deployment["spec"]["replicas"] == 4
    assert containers(deployment)[0]["image"] == "registry.example.org/bounceback:0.1.0"


def test_alerts_only_use_metrics_bounceback_exports() -> None:
    """A renamed metric would silence an alert; every name in the rules must be one we export."""
    from prometheus_client import REGISTRY

    import bot.ops.metrics  # noqa: F401  (registers the metrics)

    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}
    exported = {"up"} | {
        family.name + suffix for family in REGISTRY.collect() for suffix in suffixes.get(family.type, ("",))
    }
    [rule] = objects("example", "PrometheusRule")
    for alert in rule["spec"]["groups"][0]["rules"]:
        used = set(re.findall(r"\b(bounceback_[a-z_]+|up)\b(?=\{|\[|\s)", alert["expr"]))
        assert used and used <= exported, (alert["alert"], used - exported)
