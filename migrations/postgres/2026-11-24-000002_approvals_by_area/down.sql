DROP INDEX provider_approvals_area;
