//! The deployment order of the regions' CloudFormation templates, decided
//! by the planner (`plan::stages`) and printed by `build`.

use serde::Serialize;

use crate::syntax::ast::Span;

/// How the regions' CloudFormation templates are deployed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Deployment {
    /// In this order: every step comes after the steps whose outputs it
    /// takes as parameters.
    Ordered(Vec<Step>),
    /// In no order: the main templates of these regions need each other's
    /// ids, each link an id from the next, around a loop. CloudFormation
    /// cannot deploy it (E126); Terraform, with direct references, can.
    Cycle(Vec<CycleLink>),
}

impl Deployment {
    /// The steps, or none for a cycle.
    pub fn steps(&self) -> &[Step] {
        match self {
            Deployment::Ordered(steps) => steps,
            Deployment::Cycle(_) => &[],
        }
    }
}

/// One link of a deployment cycle: `region` needs an id created in `home`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CycleLink {
    /// The region whose main template needs the id.
    pub region: String,
    /// The region whose main template creates it.
    pub home: String,
    /// What needs it, e.g. "the interface endpoint of vpc `eu-app`".
    pub holder: String,
    /// What it needs, e.g. "endpoint service `us-api`".
    pub needs: String,
    /// The statement that makes the need, when one is known.
    pub span: Option<Span>,
}

/// Which of its region's CloudFormation templates a resource goes in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Stage {
    /// The region's template (`STEM.REGION.yaml`): everything, unless a
    /// cycle between regions moves some resource policies to `Late`.
    #[default]
    Main,
    /// The region's second template (`STEM.REGION.late.yaml`), deployed after
    /// every region's main template: the bucket and table policies that need
    /// ids from another region, in regions that need each other's ids.
    Late,
}

/// One step of the deployment: the template of one region and stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The region.
    pub region: String,
    /// Its stage.
    pub stage: Stage,
    /// The regions whose main templates' outputs this step takes as
    /// parameters, sorted (each is an earlier step).
    pub inputs: Vec<String>,
}
