-- wrk script: each request appends one new event (a fresh random id, so nothing is a duplicate).
-- The token comes from the environment: LOGBOOK_TOKEN.
local token = os.getenv("LOGBOOK_TOKEN")
local thread_seed = 0

function setup(thread)
    thread_seed = thread_seed + 1
    thread:set("seed", thread_seed)
end

function init(args)
    math.randomseed(os.time() * 1000 + seed)
end

local function hex(n)
    local out = {}
    for i = 1, n do out[i] = string.format("%x", math.random(0, 15)) end
    return table.concat(out)
end

local function uuid()
    return hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-8" .. hex(3) .. "-" .. hex(12)
end

request = function()
    local body = '{"id":"' .. uuid() .. '","event_type":"llm.interaction","trace_id":"' .. uuid() ..
        '","agent_id":"bench","payload":{"provider":"openai","model":"gpt-4.1-mini","prompt":"What is the capital of France?",' ..
        '"response":"Paris.","input_tokens":12,"output_tokens":3,"latency_ms":420}}'
    return wrk.format("POST", "/v1/events", {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
