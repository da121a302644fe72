//! The command-line grammar (clap derive). Completions and the man page are
//! generated from these definitions.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Compile VPC-endpoint intents (.vpce) into CloudFormation and Terraform.
#[derive(Debug, Parser)]
#[command(name = "vpcec", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile one file into CloudFormation templates or a Terraform file.
    Build(BuildArgs),
    /// Report diagnostics for files or folders; writes nothing.
    Check(CheckArgs),
    /// Print the documentation of a diagnostic code (or list all codes).
    Explain(ExplainArgs),
    /// Rewrite files in canonical form (or check that they are).
    Fmt(FmtArgs),
    /// Show which subnet reaches which target, how, and why.
    Reach(ReachArgs),
    /// Draw subnets, endpoints and targets as a graph.
    Graph(GraphArgs),
    /// Estimate the monthly cost of the file's endpoints and NAT gateways.
    Cost(CostArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp,
    /// Print a man page (roff), or write them all into a folder.
    Man(ManArgs),
}

/// `vpcec man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`build` prints vpcec-build(1));
    /// without it, the top page vpcec(1).
    #[arg(conflicts_with = "dir")]
    pub subcommand: Option<String>,
    /// Write every page (vpcec.1, vpcec-build.1, …) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Build targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Target {
    /// AWS CloudFormation: one template per region.
    Cfn,
    /// Terraform (hashicorp/aws): one file.
    Tf,
}

/// Template serialisations for `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormat {
    /// YAML (the default).
    Yaml,
    /// JSON.
    Json,
}

/// `vpcec build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The .vpce file.
    pub file: PathBuf,
    /// What to generate.
    #[arg(long, value_enum)]
    pub target: Target,
    /// Template format (CloudFormation only).
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: TemplateFormat,
    /// Write into this folder (created if missing) instead of standard output.
    #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write nothing; exit 1 if DIR does not hold exactly what a build would write.
    #[arg(long, requires = "out_dir")]
    pub check: bool,
}

/// Diagnostic formats for `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// rustc-style text on standard error.
    Human,
    /// One JSON array on standard output.
    Json,
    /// SARIF 2.1.0 on standard output.
    Sarif,
}

/// `vpcec check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files, or folders searched recursively for .vpce files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiagnosticFormat,
    /// Treat warnings as errors (exit 1).
    #[arg(long)]
    pub deny_warnings: bool,
    /// Apply the machine-applicable fixes (rewriting the files), then report what is left.
    #[arg(long)]
    pub fix: bool,
}

/// `vpcec explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A code such as E101, or a rule name such as gateway-cross-region.
    #[arg(required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its summary.
    #[arg(long)]
    pub list: bool,
}

/// `vpcec fmt`.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files, or folders searched recursively for .vpce files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 if a file is not in canonical form.
    #[arg(long)]
    pub check: bool,
}

/// Formats of `reach`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReachFormat {
    /// An aligned text table.
    Table,
    /// A Markdown table.
    Markdown,
    /// A JSON array.
    Json,
}

/// `vpcec reach`.
#[derive(Debug, clap::Args)]
pub struct ReachArgs {
    /// The .vpce file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReachFormat,
}

/// Formats of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// Mermaid flowchart.
    Mermaid,
    /// Graphviz dot.
    Dot,
}

/// `vpcec graph`.
#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// The .vpce file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: GraphFormat,
}

/// Formats of `cost`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CostFormat {
    /// An aligned text table.
    Table,
    /// A JSON object.
    Json,
}

/// `vpcec cost`.
#[derive(Debug, clap::Args)]
pub struct CostArgs {
    /// The .vpce file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: CostFormat,
    /// Data processed per month through each interface endpoint and NAT gateway, in GB.
    #[arg(long, default_value_t = 0.0, value_name = "N")]
    pub gb_per_month: f64,
}

/// Shells for `completions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// bash
    Bash,
    /// zsh
    Zsh,
    /// fish
    Fish,
}

/// `vpcec completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}
