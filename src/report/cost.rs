//! `vpcec cost`: the monthly cost of the file's endpoints and NAT gateways,
//! from list prices kept in `data/pricing.json` (with their sources).

use serde::{Deserialize, Serialize};

use crate::internal::InternalError;
use crate::plan::model::{IdRef, Plan, RegionPlan, Resource, ResourceKey, RouteTarget};
use crate::plan::serves::Serves;

const PRICING_JSON: &str = include_str!("../../data/pricing.json");

/// The prices the estimate uses.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Pricing {
    /// The region whose list prices these are.
    pub region: String,
    /// Hours billed in a month.
    pub hours_per_month: f64,
    /// Interface endpoint, per endpoint per AZ-hour.
    pub interface_endpoint_az_hour_usd: f64,
    /// Interface endpoint, per GB processed.
    pub interface_endpoint_gb_usd: f64,
    /// NAT gateway, per hour.
    pub nat_gateway_hour_usd: f64,
    /// NAT gateway, per GB processed.
    pub nat_gateway_gb_usd: f64,
    /// Gateway endpoint, per hour (free).
    pub gateway_endpoint_hour_usd: f64,
}

impl Pricing {
    /// The prices embedded in the binary.
    pub fn builtin() -> Result<Pricing, InternalError> {
        serde_json::from_str(PRICING_JSON).map_err(|e| InternalError::new(format!("data/pricing.json: {e}")))
    }
}

/// One priced resource.
#[derive(Debug, Clone, Serialize)]
pub struct CostItem {
    /// `interface-endpoint`, `gateway-endpoint` or `nat-gateway`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// Its region.
    pub region: String,
    /// Availability zones billed (interface endpoints), else 1.
    pub zones: usize,
    /// The subnets whose traffic it carries, sorted: the planner's record of
    /// what an endpoint serves; for a NAT gateway, the subnets (or existing
    /// route tables) whose default route leads to it.
    pub serves: Vec<String>,
    /// The month's hourly charges (hours in a month times the hourly price).
    pub hours_usd_per_month: f64,
    /// The month's data processing charges.
    pub data_usd_per_month: f64,
    /// The month's total for this item.
    pub monthly_usd: f64,
    /// The region whose list prices priced this item.
    pub prices_of_region: String,
    /// Whether those are another region's prices than the item's own, so the
    /// figures are an approximation for its region.
    pub other_region_prices: bool,
}

/// The estimate.
#[derive(Debug, Clone, Serialize)]
pub struct CostReport {
    /// The month's total, in USD.
    pub monthly_usd: f64,
    /// `USD`.
    pub currency: &'static str,
    /// GB per month assumed through each interface endpoint and NAT gateway.
    pub gb_per_month: f64,
    /// The priced items.
    pub items: Vec<CostItem>,
    /// What the estimate leaves out.
    pub assumptions: Vec<&'static str>,
}

/// The names of the subnets an endpoint serves.
fn served(serves: &Serves) -> Vec<String> {
    serves.subnets.iter().map(|s| s.subnet.clone()).collect()
}

/// The route tables with a route to `nat`: the subnet a created table belongs
/// to, or the id of an existing one.
fn routed_to(region: &RegionPlan, nat: &ResourceKey) -> Vec<String> {
    let mut out: Vec<String> = region
        .routes()
        .into_iter()
        .filter(|r| matches!(&r.target, RouteTarget::NatGateway(key) if key == nat))
        .map(|r| match &r.route_table {
            IdRef::Created(table) => table.parts.join("/"),
            IdRef::Existing(id) => id.clone(),
        })
        .collect();
    out.sort();
    out
}

fn cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Prices a plan.
pub fn estimate(plan: &Plan, pricing: &Pricing, gb_per_month: f64) -> CostReport {
    let gb = if gb_per_month.is_finite() && gb_per_month > 0.0 {
        gb_per_month
    } else {
        0.0
    };
    let mut items = Vec::new();
    for region in plan.regions.values() {
        // Gateway endpoints, interface endpoints, then NAT gateways.
        let (mut gateways, mut interfaces, mut nats) = (Vec::new(), Vec::new(), Vec::new());
        for resource in region.resources() {
            match resource {
                Resource::GatewayEndpoint(endpoint) => {
                    let hourly = pricing.gateway_endpoint_hour_usd * pricing.hours_per_month;
                    gateways.push(CostItem {
                        kind: "gateway-endpoint",
                        name: endpoint.name.clone(),
                        region: region.region.clone(),
                        zones: 1,
                        serves: served(&endpoint.serves),
                        hours_usd_per_month: cents(hourly),
                        data_usd_per_month: 0.0,
                        monthly_usd: cents(hourly),
                        prices_of_region: pricing.region.clone(),
                        other_region_prices: region.region != pricing.region,
                    });
                }
                Resource::InterfaceEndpoint(endpoint) => {
                    let zones = endpoint.subnets.len();
                    let hourly = pricing.interface_endpoint_az_hour_usd * zones as f64 * pricing.hours_per_month;
                    let data = pricing.interface_endpoint_gb_usd * gb;
                    interfaces.push(CostItem {
                        kind: "interface-endpoint",
                        name: endpoint.name.clone(),
                        region: region.region.clone(),
                        zones,
                        serves: served(&endpoint.serves),
                        hours_usd_per_month: cents(hourly),
                        data_usd_per_month: cents(data),
                        monthly_usd: cents(hourly + data),
                        prices_of_region: pricing.region.clone(),
                        other_region_prices: region.region != pricing.region,
                    });
                }
                Resource::NatGateway(nat) => {
                    let hourly = pricing.nat_gateway_hour_usd * pricing.hours_per_month;
                    let data = pricing.nat_gateway_gb_usd * gb;
                    nats.push(CostItem {
                        kind: "nat-gateway",
                        name: nat.name.clone(),
                        region: region.region.clone(),
                        zones: 1,
                        serves: routed_to(region, &nat.key),
                        hours_usd_per_month: cents(hourly),
                        data_usd_per_month: cents(data),
                        monthly_usd: cents(hourly + data),
                        prices_of_region: pricing.region.clone(),
                        other_region_prices: region.region != pricing.region,
                    });
                }
                // Not priced: free, or billed by use the estimate leaves out
                // (see the assumptions).
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
        items.extend(gateways);
        items.extend(interfaces);
        items.extend(nats);
    }
    let total = cents(items.iter().map(|i| i.monthly_usd).sum());
    CostReport {
        monthly_usd: total,
        currency: "USD",
        gb_per_month: gb,
        items,
        assumptions: vec![
            "one region's list prices for every region (`prices_of_region`; `other_region_prices` marks the items priced with another region's)",
            "interface endpoints bill per endpoint per zone-hour; gateway endpoints are free",
            "excludes Elastic IP, inter-region and internet data transfer charges",
        ],
    }
}

/// The estimate as a text table.
pub fn table(report: &CostReport) -> String {
    let rows: Vec<Vec<String>> = report
        .items
        .iter()
        .map(|i| {
            vec![
                i.kind.to_string(),
                i.name.clone(),
                if i.other_region_prices {
                    format!("{} *", i.region)
                } else {
                    i.region.clone()
                },
                i.zones.to_string(),
                i.serves.len().to_string(),
                format!("{:.2}", i.hours_usd_per_month),
                format!("{:.2}", i.data_usd_per_month),
                format!("{:.2}", i.monthly_usd),
            ]
        })
        .collect();
    let mut out = super::text_table(
        &[
            "kind",
            "name",
            "region",
            "zones",
            "subnets",
            "hours USD/month",
            "data USD/month",
            "month USD",
        ],
        &rows,
    );
    out.push_str(&format!(
        "\ntotal: {:.2} USD per month ({} GB per month through each interface endpoint and NAT gateway)\n",
        report.monthly_usd, report.gb_per_month
    ));
    if let Some(item) = report.items.iter().find(|i| i.other_region_prices) {
        out.push_str(&format!(
            "* priced with {} list prices: the marked regions' own prices may differ by a few percent\n",
            item.prices_of_region
        ));
    }
    out
}
