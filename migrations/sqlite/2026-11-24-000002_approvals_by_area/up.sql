-- The catalog reads a rulebook's approved offers by municipality and service. Without this index
-- the read went through every site offering the service nationwide (thousands) and looked up
-- each one's approval: 13 ms for Helsinki's 219 offers in the benchmark, against 1 ms from the
-- approvals of that municipality and service.
-- Keep in step with the other backend's migration of this version.
CREATE INDEX provider_approvals_area ON provider_approvals (municipality_code, service_code, status);
