package io.hrsync.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.hrsync.hris.Person;
import io.hrsync.hris.PersonStatus;

/** The provisioning rules file: scope, roles, and strict reading of what ops write. */
class VendorRulesTest {

    @TempDir
    Path dir;

    static Person person(String department, String location, String title) {
        return new Person("E1", "a@example.com", "A", "B", department, title, null, location, null, null, PersonStatus.ACTIVE);
    }

    @Test
    void scopeAndRoles() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
                ramp:
                  scope:
                    departments: [Sales, Finance]
                    where:
                      status: [active, leave]
                  roles:
                    default: BUSINESS_USER
                    byDepartment: {Finance: BUSINESS_BOOKKEEPER}
                    byTitle: {Controller: BUSINESS_ADMIN}
                """);
        VendorRules rules = new ProvisioningRules(file).forVendor("ramp");
        assertTrue(rules.scope().includes(person("Sales", null, null)));
        assertFalse(rules.scope().includes(person("Engineering", null, null)));
        assertFalse(rules.scope().includes(person(null, null, null)), "no department is not in a department scope");
        assertEquals("BUSINESS_USER", rules.roleFor(person("Sales", null, "AE"), "X"));
        assertEquals("BUSINESS_BOOKKEEPER", rules.roleFor(person("Finance", null, "Analyst"), "X"));
        assertEquals("BUSINESS_ADMIN", rules.roleFor(person("Finance", null, "Controller"), "X"));
        assertTrue(new ProvisioningRules(file).forVendor("workiva").scope().includes(person(null, null, null)),
                "a vendor without rules provisions everyone");
    }

    @Test
    void unknownKeyNamesFileAndPath() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), "skilljar:\n  scope:\n    departmens: [Sales]\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProvisioningRules(file));
        assertTrue(e.getMessage().startsWith(file + ": unknown key 'departmens' at skilljar.scope.departmens"), e.getMessage());
    }

    @Test
    void unsupportedRuleUnknownVendorUnknownColumnAndUndeclaredAttributeAreReported() throws IOException {
        Path file = Files.writeString(dir.resolve("rules.yaml"), """
                workramp:
                  roles: {default: admin}
                  scope: {where: {shoe_size: ["42"]}}
                  customAttributes: {team: department}
                  allowedCustomAttributes: [department]
                salesforce:
                  scope: {departments: [Sales]}
                """);
        List<String> problems = new ProvisioningRules(file).check(Map.of("workramp", Set.of("departmentGroups", "customAttributes")));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("workramp.roles is not supported for workramp")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("workramp.scope.where.shoe_size: unknown HRIS column")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("workramp.customAttributes.team: 'team' is not in allowedCustomAttributes")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("unknown vendor 'salesforce'")), problems.toString());
    }

    @Test
    void theFieldsEachRuleReads() throws IOException {
        Path file = Files.writeString(dir.resolve("reads.yaml"), """
                workramp:
                  scope:
                    locations: [Berlin]
                    where:
                      status: [active]
                  departmentGroups:
                    Sales: [Sales]
                  allowedCustomAttributes: [job]
                  customAttributes:
                    job: title
                ramp:
                  roles:
                    byTitle:
                      CFO: BUSINESS_ADMIN
                """);
        ProvisioningRules rules = new ProvisioningRules(file);
        assertEquals(Map.of("location", List.of("scope.locations"), "status", List.of("scope.where.status"),
                "department", List.of("departmentGroups"), "title", List.of("customAttributes.job")),
                rules.forVendor("workramp").fieldsRead());
        assertEquals(Map.of("title", List.of("roles.byTitle")), rules.forVendor("ramp").fieldsRead());
        assertEquals(Map.of(), rules.forVendor("skilljar").fieldsRead(), "no rules, nothing read");
    }

    @Test
    void customAttributesKeepTheFilesOrder() throws IOException {
        Path file = Files.writeString(dir.resolve("order.yaml"), """
                workramp:
                  allowedCustomAttributes: [title, location, employee_id, start_date, department, status]
                  customAttributes:
                    title: title
                    location: location
                    employee_id: employee_id
                    start_date: start_date
                    department: department
                    status: status
                """);
        assertEquals(List.of("title", "location", "employee_id", "start_date", "department", "status"),
                List.copyOf(new ProvisioningRules(file).forVendor("workramp").customAttributes().keySet()));
    }
}
