-- Argo CD health check for ExternalModel (modelport.dev/v1alpha1); installed as the argocd-cm key
-- resource.customizations.health.modelport.dev_ExternalModel (see docs/argocd/README.md in Modelport).
--
-- It reads the status the operator writes per the Kubernetes API conventions and kstatus. The first rule
-- that matches wins:
--   1. no status, or status.observedGeneration missing or below metadata.generation
--        -> Progressing  "Waiting for the operator to observe generation N"
--   2. Stalled=True                      -> Degraded     "<reason>: <message>" of Stalled
--   3. Ready=True                        -> Healthy      status.phase (Draft, Ready or InferenceEnabled)
--   4. Reconciling=True                  -> Progressing  "<reason>: <message>" of Reconciling
--   5. Ready=False and phase Failed      -> Degraded     "<reason>: <message>" of Ready
--   6. Ready=False and any other phase   -> Progressing  "<reason>: <message>" of Ready (a transient
--                                                        failure the operator retries by itself)
--   7. otherwise (Ready Unknown or absent)
--        -> Progressing  "Waiting for the Ready condition", plus the Ready message if there is one
-- Stalled (needs a spec or Secret change) wins over Ready. Ready=True wins over Reconciling=True, so a
-- periodic re-test of a working model does not flip the application to Progressing; a retry of a failed
-- model (Reconciling=True) shows as Progressing, not Degraded.
--
-- Lua 5.1 as gopher-lua runs it, base library only. Any field may be absent or of the wrong type.

local function text(value)
  if type(value) == "string" and value ~= "" then
    return value
  end
  if type(value) == "number" then
    return tostring(value)
  end
  return nil
end

local function findCondition(status, conditionType)
  local conditions = status.conditions
  if type(conditions) ~= "table" then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if type(condition) == "table" and condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function hasStatus(condition, value)
  return condition ~= nil and condition.status == value
end

local function describe(condition, fallback)
  local reason = text(condition.reason)
  local message = text(condition.message)
  if reason ~= nil and message ~= nil then
    return reason .. ": " .. message
  end
  if reason ~= nil then
    return reason
  end
  if message ~= nil then
    return message
  end
  return fallback
end

local function health(resource)
  if type(resource) ~= "table" then
    return { status = "Unknown", message = "No object to assess" }
  end

  local generation = nil
  if type(resource.metadata) == "table" then
    generation = tonumber(resource.metadata.generation)
  end
  local waiting = "Waiting for the operator to observe the current generation"
  if generation ~= nil then
    waiting = "Waiting for the operator to observe generation " .. tostring(generation)
  end

  local status = resource.status
  if type(status) ~= "table" then
    return { status = "Progressing", message = waiting }
  end
  local observed = tonumber(status.observedGeneration)
  if observed == nil or (generation ~= nil and observed < generation) then
    return { status = "Progressing", message = waiting }
  end

  local stalled = findCondition(status, "Stalled")
  if hasStatus(stalled, "True") then
    return { status = "Degraded", message = describe(stalled, "Stalled") }
  end

  local phase = text(status.phase)
  local ready = findCondition(status, "Ready")
  if hasStatus(ready, "True") then
    return { status = "Healthy", message = phase or "Ready" }
  end

  local reconciling = findCondition(status, "Reconciling")
  if hasStatus(reconciling, "True") then
    return { status = "Progressing", message = describe(reconciling, "Reconciling") }
  end

  if hasStatus(ready, "False") then
    if phase == "Failed" then
      return { status = "Degraded", message = describe(ready, "Failed") }
    end
    return { status = "Progressing", message = describe(ready, "Not ready yet") }
  end

  local message = "Waiting for the Ready condition"
  if ready ~= nil and text(ready.message) ~= nil then
    message = message .. ": " .. text(ready.message)
  end
  return { status = "Progressing", message = message }
end

return health(obj)
