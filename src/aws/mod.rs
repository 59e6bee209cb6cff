//! Facts about AWS that eksnet needs offline: regions and their zones,
//! PrivateLink services, instance network limits, how nodes launch,
//! Kubernetes versions and prices. Each table says where it comes from and
//! when it was read.

pub mod addons;
pub mod ami;
pub mod instances;
pub mod ipv6;
pub mod nodes;
pub mod prices;
pub mod regions;
pub mod resource_ids;
pub mod services;
pub mod versions;
