//! `vpcec graph`: subnets, endpoints and targets as a Mermaid or Graphviz graph.

use std::collections::BTreeMap;

use crate::check::model::Model;
use crate::plan::model::{Expr, NatGateway, Plan, Resource};
use crate::plan::serves::{ServedBecause, Serves};

/// A graph: nodes grouped by VPC, and edges.
struct Graph {
    /// (cluster, id, label) in insertion order.
    nodes: Vec<(Option<String>, String, String)>,
    /// (from, to, label).
    edges: Vec<(String, String, String)>,
    ids: BTreeMap<String, String>,
}

impl Graph {
    fn node(&mut self, cluster: Option<&str>, key: &str, label: &str) -> String {
        if let Some(id) = self.ids.get(key) {
            return id.clone();
        }
        let id = format!("n{}", self.ids.len() + 1);
        self.ids.insert(key.to_string(), id.clone());
        self.nodes
            .push((cluster.map(str::to_string), id.clone(), label.to_string()));
        id
    }
}

fn build(model: &Model, plan: &Plan) -> Graph {
    let mut graph = Graph {
        nodes: Vec::new(),
        edges: Vec::new(),
        ids: BTreeMap::new(),
    };
    for subnet in model.subnets() {
        let vpc = model.vpc(subnet.vpc).name.as_str();
        let kind = if subnet.public { "public subnet" } else { "subnet" };
        graph.node(
            Some(vpc),
            &format!("subnet:{}", subnet.name),
            &format!("{kind} {}", subnet.name),
        );
    }
    let mut routed: Vec<&NatGateway> = Vec::new();
    for region in plan.regions.values() {
        let mut nats = Vec::new();
        for resource in region.resources() {
            match resource {
                Resource::GatewayEndpoint(endpoint) => {
                    let vpc = Some(endpoint.serves.vpc.as_str());
                    let id = graph.node(
                        vpc,
                        &format!("gw:{}", endpoint.name),
                        &format!("gateway endpoint {}", endpoint.name),
                    );
                    let target = graph.node(None, &format!("svc:{}", endpoint.service_name), &endpoint.service_name);
                    graph.edges.push((id.clone(), target, String::new()));
                    served_edges(&mut graph, vpc, &id, true, &endpoint.serves);
                }
                Resource::InterfaceEndpoint(endpoint) => {
                    let vpc = Some(endpoint.serves.vpc.as_str());
                    let id = graph.node(
                        vpc,
                        &format!("if:{}", endpoint.name),
                        &format!("interface endpoint {}", endpoint.name),
                    );
                    let service = match &endpoint.service_name {
                        Expr::Lit(name) => name.clone(),
                        _ => format!(
                            "endpoint service {}",
                            endpoint.key.parts.last().map(String::as_str).unwrap_or("")
                        ),
                    };
                    let target = graph.node(None, &format!("svc:{service}"), &service);
                    graph.edges.push((id.clone(), target, String::new()));
                    served_edges(&mut graph, vpc, &id, false, &endpoint.serves);
                }
                // Drawn after the region's endpoints.
                Resource::NatGateway(nat) => nats.push(nat),
                // Not drawn: the graph shows paths from subnets to services.
                Resource::Vpc(_)
                | Resource::Subnet(_)
                | Resource::RouteTable(_)
                | Resource::InternetGateway(_)
                | Resource::Route(_)
                | Resource::SecurityGroup(_)
                | Resource::Bucket(_)
                | Resource::Table(_)
                | Resource::EndpointService(_)
                | Resource::Role(_) => {}
            }
        }
        for nat in nats {
            let vpc = Some(nat.serves.vpc.as_str());
            let id = graph.node(vpc, &nat_node(nat), &format!("NAT gateway {}", nat.name));
            let internet = graph.node(None, "internet", "internet");
            graph.edges.push((id, internet, String::new()));
            routed.push(nat);
        }
    }
    // The default routes, after every region's nodes: from every subnet the
    // planner says the NAT gateway serves.
    for nat in routed {
        let vpc = Some(nat.serves.vpc.as_str());
        let to = graph.node(vpc, &nat_node(nat), &format!("NAT gateway {}", nat.name));
        for served in &nat.serves.subnets {
            let subnet = &served.subnet;
            let from = graph.node(vpc, &format!("subnet:{subnet}"), subnet);
            let label = match served.because {
                ServedBecause::SharedRouteTable { .. } => "default route (shared route table)",
                // (The planner records no private DNS for a NAT gateway.)
                ServedBecause::Intent | ServedBecause::PrivateDns { .. } => "default route",
            };
            graph.edges.push((from, to.clone(), label.to_string()));
        }
    }
    graph
}

/// The node key of a NAT gateway: its plan key.
fn nat_node(nat: &NatGateway) -> String {
    format!("nat:{}", nat.key.parts.join("/"))
}

/// An edge from every subnet the planner says the endpoint `id` serves.
fn served_edges(graph: &mut Graph, vpc: Option<&str>, id: &str, gateway: bool, serves: &Serves) {
    for served in &serves.subnets {
        let subnet = &served.subnet;
        let from = graph.node(vpc, &format!("subnet:{subnet}"), subnet);
        graph
            .edges
            .push((from, id.to_string(), edge_label(gateway, serves, &served.because)));
    }
}

/// How a subnet gets to an endpoint, from the planner's record: a route in
/// its route table (gateway endpoints), private DNS answering in the VPC, or
/// the endpoint's own DNS names (interface endpoints without private DNS).
fn edge_label(gateway: bool, serves: &Serves, because: &ServedBecause) -> String {
    match because {
        ServedBecause::SharedRouteTable { .. } => "shared route table",
        ServedBecause::PrivateDns { .. } => "private DNS",
        ServedBecause::Intent if gateway => "route",
        ServedBecause::Intent if serves.takes_all_traffic => "private DNS",
        ServedBecause::Intent => "endpoint DNS",
    }
    .to_string()
}

fn clusters(graph: &Graph) -> BTreeMap<Option<String>, Vec<(String, String)>> {
    let mut out: BTreeMap<Option<String>, Vec<(String, String)>> = BTreeMap::new();
    for (cluster, id, label) in &graph.nodes {
        out.entry(cluster.clone())
            .or_default()
            .push((id.clone(), label.clone()));
    }
    out
}

/// A Mermaid flowchart. Labels are quoted with `#quot;` escapes.
pub fn mermaid(model: &Model, plan: &Plan) -> String {
    let graph = build(model, plan);
    let quote = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart LR\n");
    for (index, (cluster, nodes)) in clusters(&graph).into_iter().enumerate() {
        let indent = if cluster.is_some() { "    " } else { "  " };
        if let Some(name) = &cluster {
            out.push_str(&format!("  subgraph vpc{index}[\"VPC {}\"]\n", quote(name)));
        }
        for (id, label) in nodes {
            out.push_str(&format!("{indent}{id}[\"{}\"]\n", quote(&label)));
        }
        if cluster.is_some() {
            out.push_str("  end\n");
        }
    }
    for (from, to, label) in &graph.edges {
        if label.is_empty() {
            out.push_str(&format!("  {from} --> {to}\n"));
        } else {
            out.push_str(&format!("  {from} -- \"{}\" --> {to}\n", quote(label)));
        }
    }
    out
}

/// A Graphviz digraph. Labels are escaped for dot strings.
pub fn dot(model: &Model, plan: &Plan) -> String {
    let graph = build(model, plan);
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::from("digraph vpcec {\n  rankdir=LR;\n  node [shape=box];\n");
    for (index, (cluster, nodes)) in clusters(&graph).into_iter().enumerate() {
        let indent = if cluster.is_some() { "    " } else { "  " };
        if let Some(name) = &cluster {
            out.push_str(&format!(
                "  subgraph cluster_{index} {{\n    label=\"VPC {}\";\n",
                quote(name)
            ));
        }
        for (id, label) in nodes {
            out.push_str(&format!("{indent}{id} [label=\"{}\"];\n", quote(&label)));
        }
        if cluster.is_some() {
            out.push_str("  }\n");
        }
    }
    for (from, to, label) in &graph.edges {
        if label.is_empty() {
            out.push_str(&format!("  {from} -> {to};\n"));
        } else {
            out.push_str(&format!("  {from} -> {to} [label=\"{}\"];\n", quote(label)));
        }
    }
    out.push_str("}\n");
    out
}
